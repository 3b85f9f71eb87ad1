"""Write the two binary documents of the evaluation corpus from the text below.

    .venv/bin/python eval/corpora/build_binaries.py

- roles/lanternfish-programmer-career-ladder.docx (python-docx): Title style, Heading 1/2, "List Bullet"
  paragraphs, a "List Number" list and a table.
- roles/fernhollow-mlops-engineer.pdf (fpdf2, core Helvetica, latin-1 text only): metadata title, larger
  bold headings, "-" bullets, wrapped paragraphs.

The output is byte-for-byte reproducible: dates are fixed, and the .docx zip entries get a fixed
timestamp. Re-run after editing the text and commit both the script and the files.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from fpdf import FPDF

ROLES = Path(__file__).resolve().parent / "roles"
FIXED_DATE = datetime(2025, 3, 1, 9, 0, 0, tzinfo=timezone.utc)
ZIP_DATE = (2025, 3, 1, 9, 0, 0)

# --- The career ladder (.docx) -------------------------------------------------------------------
# Blocks: ("title", text), ("h1", text), ("h2", text), ("p", text), ("bullet", text),
# ("number", text), ("table", [header, *rows]).

LADDER = [
    ("title", "Lanternfish Games: Programmer Career Ladder"),
    ("p", "Version 2.1. Applies to every programmer at our Montreal and Lyon studios. "
          "Owner: the Technical Director's office."),
    ("p", "This ladder describes what we expect from programmers at each level, from Programmer I to "
          "Programmer IV. It covers gameplay, engine, tools and online services programmers. Leads use it "
          "for hiring, feedback and promotion decisions, and programmers can use it to plan their growth."),
    ("h1", "Levels at a glance"),
    ("table", [
        ["Level", "Typical experience", "Scope", "Montreal salary band (CAD)"],
        ["Programmer I", "0 to 2 years", "Well-defined tasks", "64,000 to 80,000"],
        ["Programmer II", "2 to 5 years", "Whole features", "78,000 to 98,000"],
        ["Programmer III", "5 to 9 years", "Systems used across a game", "96,000 to 122,000"],
        ["Programmer IV", "9+ years", "Several teams or a whole title", "120,000 to 148,000"],
    ]),
    ("p", "Lyon salary bands are set separately in euros and are published on the intranet. Years of "
          "experience are a guide, not a requirement: we promote on demonstrated scope."),
    ("h1", "Expectations by level"),
    ("h2", "Programmer I"),
    ("bullet", "Completes well-scoped tasks with guidance from a more senior programmer"),
    ("bullet", "Writes readable C++ or C# that passes code review with minor changes"),
    ("bullet", "Asks for help early and learns the studio's tools and build pipeline"),
    ("bullet", "Fixes the bugs that QA assigns to them within the sprint"),
    ("h2", "Programmer II"),
    ("bullet", "Owns a feature from design through to ship, such as a weapon system or a menu flow"),
    ("bullet", "Breaks their own work into tasks and estimates it accurately"),
    ("bullet", "Reviews code written by Programmer I colleagues"),
    ("bullet", "Profiles and fixes performance problems in their own features"),
    ("h2", "Programmer III"),
    ("bullet", "Designs systems used by several features, for example the save system or animation networking"),
    ("bullet", "Leads technical planning for a feature team of three to six programmers"),
    ("bullet", "Mentors at least one Programmer I or Programmer II"),
    ("bullet", "Sets performance and memory budgets for their area and keeps to them"),
    ("h2", "Programmer IV"),
    ("bullet", "Sets technical direction for a whole title or for several teams"),
    ("bullet", "Resolves architecture disagreements across departments, including art and design"),
    ("bullet", "Represents the studio in platform certification discussions with console makers"),
    ("bullet", "Grows Programmer III colleagues into technical leaders"),
    ("h1", "Promotion process"),
    ("p", "Promotions are decided twice a year. The steps are:"),
    ("number", "The programmer and their lead agree that the next level's expectations have been met "
               "consistently for at least six months."),
    ("number", "The lead writes a promotion case of no more than two pages, with concrete examples."),
    ("number", "Two peers from other teams give written feedback on the case."),
    ("number", "The promotion committee meets in May and November and makes the decision."),
    ("number", "New titles and salaries take effect on the first day of the following month."),
    ("p", "A promotion comes with a salary increase of at least 8%, or the minimum of the new band if that "
          "is higher."),
    ("h1", "Beyond Programmer IV"),
    ("p", "Programmers who want to keep growing without managing people can become a Principal Programmer, "
          "a role we open only when a title needs one. Programmers who want to manage can move to the Lead "
          "Programmer track from Programmer III onwards, and moving back to the programmer track is always "
          "possible."),
    ("h1", "Education and skills"),
    ("bullet", "No degree is required at any level; we assess skills with a practical test"),
    ("bullet", "C++ for engine and gameplay programmers, C# for tools and Unity-based projects"),
    ("bullet", "Python is used for build scripts and pipeline tools"),
    ("bullet", "Console development experience is expected from Programmer III upwards"),
    ("h1", "On-call and crunch"),
    ("p", "Only online services programmers at Programmer II and above join the live-ops on-call rotation, "
          "and only during the four weeks after a launch. Each on-call week is paid an extra CAD 350."),
    ("p", "Lanternfish does not use mandatory crunch. Overtime is voluntary, capped at 6 hours a week, and "
          "paid at 1.5 times the hourly rate."),
]

# --- The MLOps job ad (.pdf) ---------------------------------------------------------------------
# Blocks: ("title", text), ("sub", text), ("h", text), ("p", text), ("bullet", text).

MLOPS = [
    ("title", "MLOps Engineer"),
    ("sub", "Fernhollow Bioworks - Cambridge, UK (hybrid) - Full-time"),
    ("h", "About Fernhollow"),
    ("p", "Fernhollow Bioworks designs industrial enzymes with machine learning. Our protein language "
          "models suggest new enzyme variants, and our automated lab in Cambridge tests up to 12,000 of them "
          "a week. The results flow straight back into training, so the faster our ML platform runs, the "
          "faster our science moves."),
    ("h", "The role"),
    ("p", "You will join the ML Platform team, currently five engineers, and report to the Head of ML "
          "Platform. The team runs a Kubernetes cluster with 96 NVIDIA H100 GPUs, and our main models are "
          "retrained every week on new lab data."),
    ("h", "What you will do"),
    ("bullet", "Run and improve training pipelines on Kubeflow Pipelines"),
    ("bullet", "Operate the MLflow model registry and our model release process"),
    ("bullet", "Keep the GPU cluster healthy, fairly shared and well utilised"),
    ("bullet", "Build CI/CD for models and services with GitHub Actions"),
    ("bullet", "Monitor models in production for data drift"),
    ("bullet", "Work with lab scientists to track data lineage from instrument to model"),
    ("h", "What we are looking for"),
    ("bullet", "3+ years in MLOps, ML engineering or DevOps"),
    ("bullet", "Strong Python, including packaging and testing"),
    ("bullet", "Production experience with Kubernetes and Docker"),
    ("bullet", "Experience with MLflow, Kubeflow or a similar platform"),
    ("bullet", "Terraform or another infrastructure-as-code tool"),
    ("p", "An MSc or PhD in a quantitative subject is preferred but not required. No biology background is "
          "needed: you will pick up what you need from the lab team."),
    ("h", "Salary and benefits"),
    ("p", "Salary: \u00a378,000 to \u00a396,000 depending on experience, plus share options."),
    ("bullet", "28 days of holiday plus bank holidays"),
    ("bullet", "8% employer pension contribution"),
    ("bullet", "Private health insurance"),
    ("bullet", "20 weeks of parental leave at full pay"),
    ("bullet", "Cycle-to-work scheme and free on-site parking"),
    ("h", "Working pattern and on-call"),
    ("p", "We ask everyone to be in the Cambridge office two days a week, usually Tuesday and Thursday. "
          "There is no out-of-hours on-call for this role: failed training jobs are picked up the next "
          "working day."),
    ("h", "How to apply"),
    ("p", "Apply by 30 June 2025 with a CV and a short cover letter. We sponsor Skilled Worker visas for "
          "this role. Interviews are a 45-minute technical screen and a half-day visit to the lab."),
]


def build_docx(path: Path) -> None:
    document = Document()
    for kind, content in LADDER:
        if kind == "title":
            document.add_heading(content, level=0)  # the "Title" style
        elif kind in ("h1", "h2"):
            document.add_heading(content, level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(content)
        elif kind == "bullet":
            document.add_paragraph(content, style="List Bullet")
        elif kind == "number":
            document.add_paragraph(content, style="List Number")
        elif kind == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, content):
                for cell, value in zip(row.cells, values):
                    cell.text = value
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
        else:
            raise ValueError(kind)
    props = document.core_properties
    props.title = "Lanternfish Games: Programmer Career Ladder"
    props.author = "Lanternfish Games"
    props.last_modified_by = "Lanternfish Games"
    props.created = props.modified = props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    # Rewrite the zip with fixed entry dates so that the file does not change from run to run.
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    path.write_bytes(out.getvalue())


# kind: (font style, size, line height, space before, space after, indent, prefix), all in points or mm as fpdf2 takes them
PDF_STYLES = {
    "title": ("B", 20, 10, 0, 0, 0, ""),
    "sub": ("I", 11, 6, 0, 2, 0, ""),
    "h": ("B", 14, 8, 3, 0, 0, ""),
    "p": ("", 11, 5.5, 0, 1.5, 0, ""),
    "bullet": ("", 11, 5.5, 0, 0, 4, "- "),
}


def build_pdf(path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.set_title("MLOps Engineer - Fernhollow Bioworks")
    pdf.set_author("Fernhollow Bioworks")
    pdf.set_subject("Job advertisement")
    pdf.set_creator("eval/corpora/build_binaries.py")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for kind, text in MLOPS:
        text.encode("latin-1")  # the core fonts only cover latin-1
        style, size, line_height, space_before, space_after, indent, prefix = PDF_STYLES[kind]
        pdf.ln(space_before)
        pdf.set_font("Helvetica", style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, line_height, prefix + text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(space_after)
    pdf.output(str(path))


def main() -> None:
    ROLES.mkdir(parents=True, exist_ok=True)
    docx_path = ROLES / "lanternfish-programmer-career-ladder.docx"
    pdf_path = ROLES / "fernhollow-mlops-engineer.pdf"
    build_docx(docx_path)
    build_pdf(pdf_path)
    for path in (docx_path, pdf_path):
        print(f"wrote {path.relative_to(ROLES.parent.parent.parent)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
