"""Small role documents written for the Documents tests, built in memory in each format (DOCX with
python-docx, PDF with fpdf2), each with a fact no other document states."""

from __future__ import annotations

import io

import docx
from fpdf import FPDF

LIGHTHOUSE = "lighthouse-keeper.md"
LIGHTHOUSE_QUESTION = "How much does a lighthouse keeper earn?"
GLACIER = "glacier-survey-pilot.docx"
GLACIER_QUESTION = "How many flight hours does a glacier survey pilot log each season?"
BEEKEEPER = "orchard-beekeeper.pdf"
BEEKEEPER_QUESTION = "How many hives does an orchard beekeeper tend?"


def lighthouse_markdown(pay: str = "41,000 crowns") -> bytes:
    return f"""# Lighthouse Keeper

The lighthouse keeper looks after the light on Skerrow Point and keeps its log.

## Pay

- A lighthouse keeper earns {pay} a year.
- Housing in the keeper's cottage is free.

## Duties

- Polish the Fresnel lens every Tuesday.
- Record the weather at dawn and at dusk.
- Report any ship in distress to the coastguard at once.

## Hours

- The keeper works in shifts of twelve hours, four days on and four days off.
""".encode()


def glacier_docx() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Glacier Survey Pilot"
    document.add_heading("Glacier Survey Pilot", level=1)
    document.add_paragraph("Glacier survey pilots fly small ski-equipped aircraft over the northern ice fields.")
    document.add_heading("Flying", level=2)
    document.add_paragraph("A glacier survey pilot logs at least 300 flight hours each season.")
    document.add_paragraph("Every flight is planned with the survey team the evening before.")
    document.add_heading("Requirements", level=2)
    document.add_paragraph("A commercial pilot licence with a ski rating is required.", style="List Bullet")
    document.add_paragraph("Experience of mountain weather is essential.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def beekeeper_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_title("Orchard Beekeeper")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(text="Orchard Beekeeper", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(w=170, h=6, text="Orchard beekeepers keep the pollinators of the Ashgrove valley healthy.")
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 14)
    pdf.cell(text="Hives", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(w=170, h=6, text="Each orchard beekeeper tends 120 hives across the valley's apple orchards.")
    pdf.multi_cell(w=170, h=6, text="The hives are moved to the pear orchards in late spring.")
    return bytes(pdf.output())


def blank_pdf() -> bytes:
    """A PDF with a page and no text layer, as a scan without OCR is."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    return bytes(pdf.output())
