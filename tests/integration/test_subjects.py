"""Which documents a question names: words that are no ordinary word, or two title words in a row."""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

import pytest

from assistant.core.chain import without_names
from assistant.core.subjects import _written_as_names, build_catalog
from assistant.core.text import lone_names_in, stem
from assistant.retrieval.embeddings import BUNDLED_MODEL, whole_words

DOCUMENTS = {
    "corpus/northwind-data-engineer.txt": ("Northwind Robotics", "We build robots. The data engineer owns pipelines. Ask Team Lead Ana. "
                                           "Paid parental leave."),
    # A second document from Northwind, which writes its name in lower case only in addresses.
    "corpus/northwind-pay-policy.md": ("Pay Policy", "Bands are reviewed yearly. Questions: pay@northwind.example or northwind.example/pay."),
    "corpus/brightmoor-pay.md": ("Brightmoor Analytics: Engineering Compensation Policy", "Every engineer is paid within a band."),
    "corpus/senior-ml-infrastructure-engineer.txt": ("Senior ML Infrastructure Engineer", "ML platforms need data and infrastructure; senior engineers lead. At Made Tech, Team Lead is a grade. "
                                                     "Principal Engineers review designs on Google Cloud."),
    "corpus/lumen-leave.md": ("Lumen Paid Parental Leave Policy", "Teammates get sixteen weeks."),
}


NORTHWIND = ("corpus/northwind-data-engineer.txt", "corpus/northwind-pay-policy.md")


@pytest.fixture(scope="module")
def catalog():
    chunks = [SimpleNamespace(start=0, source=source, title=title, section=title, text=text, embedding_text=f"{title}\n{text}")
              for source, (title, text) in DOCUMENTS.items()]
    return build_catalog(chunks, [chunk.embedding_text for chunk in chunks], whole_words(BUNDLED_MODEL))


@pytest.mark.parametrize(
    ("question", "named"),
    [
        # "pay" in "brightmoor-pay.md" is an ordinary word the model knows whole, so it names nothing. A name
        # both Northwind documents carry names them together, as one group; lower case in addresses is no evidence.
        ("What does Northwind pay?", [NORTHWIND]),
        ("What is Northwind's on-call rota?", [NORTHWIND]),  # a possessive
        ("What does a data engineer own?", [("corpus/northwind-data-engineer.txt",)]),  # two file-name words in a row
        ("What does an ML infrastructure engineer earn?", [("corpus/senior-ml-infrastructure-engineer.txt",)]),
        ("Compare the bands at Brightmoor with Northwind's pay.",
         [("corpus/brightmoor-pay.md",), NORTHWIND]),  # in the order named
        ("What does a senior engineer earn?", []),  # words several documents share name none
        ("How is data kept fresh?", []),  # "data" alone is an ordinary word: the corpus writes it in lower case
        # A capitalised phrase that one document alone writes names it, though "made" and "tech" are ordinary words.
        ("How much does Made Tech pay?", [("corpus/senior-ml-infrastructure-engineer.txt",)]),
        ("What does a Team Lead do?", []),  # two documents write "Team Lead"
        ("How long is the paid parental leave policy?", [("corpus/lumen-leave.md",)]),  # its title's words in a row
        # ... which another document writes too: there they ask what, not whose.
        ("Is there paid parental leave at Northwind?", [NORTHWIND]),
    ],
)
def test_a_question_names_the_documents_it_identifies(catalog, question, named):
    assert catalog.named_in(question) == named


def test_a_single_document_is_never_named_since_every_question_is_about_it():
    chunk = SimpleNamespace(start=0, source="a.txt", title="Acme Analyst", section="Acme Analyst", text="Analysts at Acme report.",
                            embedding_text="Acme Analyst\nAnalysts at Acme report.")
    assert build_catalog([chunk], [chunk.embedding_text], whole_words(BUNDLED_MODEL)).named_in("What does Acme pay?") == []


def test_a_document_uses_a_name_when_it_uses_any_of_its_words_but_a_role_needs_all(catalog):
    source = "corpus/northwind-data-engineer.txt"
    assert catalog.uses(source, "Northwind Robotics") and not catalog.uses(source, "Texas")
    # An acronym is used where its capitalised words are: "Team Lead" spells out "TL", and nothing spells "ML".
    assert catalog.uses(source, "TL") and not catalog.uses(source, "ML")
    assert catalog.uses_all(source, "data engineer") and not catalog.uses_all(source, "data scientist")


@pytest.mark.parametrize(
    ("question", "name", "used"),
    [
        ("Does the team use Google Cloud?", "Google", True),  # the document's own longer name
        ("What benefits does Google offer?", "Google", False),  # written alone: another thing than Google Cloud
        ("What does a Principal engineer review?", "Principal", True),  # beside a word of "Principal Engineers"
        ("What is a Principal paid?", "Principal", False),
        # beside a longer name the question writes: a level clipped of its "Engineer" (probe U)
        ("Is there a Senior Engineer level between Staff and Principal?", "Principal", True),
        ("Do Northwind's engineers lead?", "Northwind", True),  # written alone in the document
    ],
)
def test_a_name_a_question_writes_alone_is_used_where_the_document_writes_it_alone_or_beside_the_same_words(
    catalog, question, name, used
):
    source = "corpus/senior-ml-infrastructure-engineer.txt" if name != "Northwind" else NORTHWIND[0]
    assert catalog.uses(source, name, lone_names_in(question).get(name)) is used


@pytest.mark.parametrize(
    ("question", "name", "used"),
    [
        # A sentence's first word and a lower-case ending are no part of a name: the pay ranges of a job ad
        # were refused as "doesn't mention Washington" (probe G).
        ("What is the pay in Washington?", "Washington", True),
        ("Where are the offices in Europe?", "Europe", True),  # "Our European headquarters"
        ("What is the pay in Oregon?", "Oregon", False),
        ("Is there an office in Asia?", "Asia", False),
    ],
)
def test_a_place_is_used_where_a_sentence_starts_with_it_or_a_word_made_of_it(question, name, used):
    text = "For Washington-based roles the range is $151,800 to $243,100. Our European headquarters are in London."
    chunks = [SimpleNamespace(start=0, source=source, title=title, section=title, text=text, embedding_text=f"{title}\n{text}")
              for source, title in (("ads/ml-engineer.html", "Machine Learning Engineer"), ("ads/other.txt", "Data Analyst"))]
    catalog = build_catalog(chunks, [text], whole_words(BUNDLED_MODEL))
    assert catalog.uses("ads/ml-engineer.html", name, lone_names_in(question).get(name)) is used


def test_a_company_writing_its_name_in_lower_case_is_named_by_it_where_it_writes_it_possessive():
    """dxw writes its name in lower case only: as an ordinary word, it named nothing, and a question naming it
    was answered from any document or refused; a dictionary word written so ("the team's") stays ordinary."""
    texts = {"policies/dxw-benefits.docx": ("dxw playbook: Your pay", "dxw provides a pension. See dxw's holiday arrangements."),
             "ads/analyst.txt": ("Data Analyst", "The team's analysts report weekly.")}
    chunks = [SimpleNamespace(start=0, source=source, title=title, section=title, text=text, embedding_text=f"{title}\n{text}")
              for source, (title, text) in texts.items()]
    catalog = build_catalog(chunks, [chunk.embedding_text for chunk in chunks], whole_words(BUNDLED_MODEL))
    assert catalog.named_in("What maternity pay does dxw give?") == [("policies/dxw-benefits.docx",)]
    assert catalog.named_in("What does the team's analyst do?") == []


def test_a_name_written_in_lower_case_only_in_a_channel_or_code_stays_a_name():
    """GOV.UK's on-call page writes "#govuk-2ndline" and `govuk_urgent_priority`: taken for prose, they made
    "govuk" an ordinary word, and "compared with GOV.UK" named no document."""
    texts = {"docs/govuk-out-of-hours-support-on-call.md": ("Out of hours support (on-call)",
                                                           "GOV.UK runs a rota. Ask in #govuk-2ndline. Checks use `govuk_urgent_priority`."),
             "ads/sre.txt": ("Site Reliability Engineer", "Join the rota.")}
    chunks = [SimpleNamespace(start=0, source=source, title=title, section=title, text=text, embedding_text=f"{title}\n{text}")
              for source, (title, text) in texts.items()]
    catalog = build_catalog(chunks, [chunk.embedding_text for chunk in chunks], whole_words(BUNDLED_MODEL))
    assert catalog.named_in("How does on-call work at GOV.UK?") == [("docs/govuk-out-of-hours-support-on-call.md",)]


def test_a_title_word_heading_a_part_under_a_page_heading_repeating_the_title_asks_for_that_part():
    """"Which company runs the dxw pension?" had lost "pension" as a word of the title, so a sentence saying
    "company" answered: the handbook page's parts sit under its h1, which repeats the title."""
    catalog = handbook_catalog("dxw-benefits.docx", "dxw playbook: Your pay, pension and other benefits",
                               "Your pay, pension and other benefits", {"Pensions": "dxw provides a pension operated by Aviva.",
                                                                        "Holiday": "dxw's holidays are 25 days."})
    identity = catalog.identity_terms(["dxw-benefits.docx"])
    assert stem("pension") not in identity and stem("dxw") in identity


def handbook_catalog(source: str, title: str, page: str, parts: dict[str, str]):
    """A catalog of a handbook page (`parts`, heading -> text, under one `page` heading) beside a one-line ad."""
    chunks = [SimpleNamespace(start=0, source=source, title=title, section=f"{title} > {page} > {part}", text=text,
                              embedding_text=f"{part}\n{text}") for part, text in parts.items()]
    other = SimpleNamespace(start=0, source="ad.txt", title="Data Analyst", section="Data Analyst", text="Analysts report.", embedding_text="Analysts report.")
    return build_catalog([*chunks, other], [c.embedding_text for c in [*chunks, other]], whole_words(BUNDLED_MODEL))


def test_a_title_word_heading_a_section_under_a_page_heading_in_other_words_asks_for_that_section():
    """"What are Quarrystone's official working hours?" had lost "working hours" as words of the title: the page's one
    heading over everything ("Quarrystone Staff Handbook: ...") is not the title word for word, and its sections,
    one of them repeating the title's words, had not been read as its parts."""
    catalog = handbook_catalog("quarrystone.pdf", "Quarrystone Handbook - Working Hours and Leave",
                               "Quarrystone Staff Handbook: Working Hours and Leave",
                               {"Working Hours": "Official hours are 9 to 5.", "Leave Policy": "Quarrystone gives 20 days."})
    identity = catalog.identity_terms(["quarrystone.pdf"])
    assert not {stem("working"), stem("hours"), stem("leave")} & identity and stem("quarrystone") in identity


def test_the_rest_of_a_companys_longer_name_a_question_writes_leaves_the_question_with_its_name():
    """"When was Skybase Innovations founded?" had kept "Innovations", which matched the "Skybase Innovations Employee
    Handbook" heading over the working hours: only "Skybase" named the document."""
    catalog = catalog_of({
        "corpus/quarrystone-hours.docx": ("Working Hours and Leave", "Quarrystone Labs staff work 8 hours. At Quarrystone, "
                                          "Quarrystone Labs pays for lunch. Quarrystone closes on Saturdays."),
        "corpus/ad.txt": ("Data Analyst", "Analysts report to Ana."),
    })
    source = "corpus/quarrystone-hours.docx"
    assert catalog.name_phrase_words([source], "When was Quarrystone Labs founded?") == {stem("labs")}
    assert catalog.name_phrase_words([source], "Which labs does Quarrystone run?") == set()  # not the name written whole
    focus = without_names("When was Quarrystone Labs founded?", catalog.identity_terms([source]), catalog.names_of([source]),
                          catalog.name_phrase_words([source], "When was Quarrystone Labs founded?"))
    assert focus == "When was founded?"


def test_a_policy_titled_by_its_topics_named_by_its_company_keeps_the_topic_a_question_asks():
    """"What are the standard working hours at Quarrystone?" of "Working Hours, Holidays and Leave" had lost "working
    hours" as title words, though "Quarrystone" said whose: a title listing topics is no role's."""
    catalog = catalog_of({
        "corpus/quarrystone-hours.docx": ("Working Hours, Holidays and Leave", "At Quarrystone, Quarrystone staff work "
                                          "9 to 5. Quarrystone closes on Saturdays."),
        "corpus/northwind-data-engineer.txt": ("Data Engineer, Platform Team", "At Northwind, Northwind data engineers "
                                               "own pipelines. Northwind works in working hours."),
    })
    assert catalog.topic_words_asked(["corpus/quarrystone-hours.docx"], "What are the working hours at Quarrystone?") == {
        stem("working"), stem("hours")}
    assert catalog.topic_words_asked(["corpus/quarrystone-hours.docx"], "What are the working hours?") == set()  # not named
    # A role's title, one comma and all, names the job.
    assert catalog.topic_words_asked(["corpus/northwind-data-engineer.txt"], "What does a data engineer at Northwind do?") == set()


def test_a_title_word_heading_a_part_of_its_document_asks_for_that_part_not_the_document():
    parts = {
        "hb/basecamp-benefits.html": ("Benefits & Perks", ["Benefits", "Perks", "Practical assistance"]),
        # The part repeats the title; "About Northwind Robotics" names the company.
        "kp/kestrelpoint-staff.md": ("Staff Platform Engineer at Kestrelpoint", ["Staff Platform Engineer"]),
        "nw/northwind.txt": ("Northwind Robotics", ["About Northwind Robotics", "On-call"]),
    }
    chunks = [SimpleNamespace(start=0, source=source, title=title, section=f"{title} > {part}", text="Text.", embedding_text=f"{title}\n{part}\nText.")
              for source, (title, names) in parts.items() for part in names]
    catalog = build_catalog(chunks, ["Our perks are generous."], whole_words(BUNDLED_MODEL))
    # Its words name the parts; its initials ("BP"), its file name's ("BB") and the file name's word name the document.
    assert catalog.identity_terms(["hb/basecamp-benefits.html"]) == {"basecamp", "bp", "bb"}
    assert {"staff", "platform", "engineer"} <= catalog.identity_terms(["kp/kestrelpoint-staff.md"])
    assert {"northwind", "robotic"} <= catalog.identity_terms(["nw/northwind.txt"])


def catalog_of(texts: dict[str, tuple[str, str]]):
    """A catalog of one-passage documents: source -> (title, text)."""
    chunks = [SimpleNamespace(start=0, source=source, title=title, section=title, text=text, embedding_text=f"{title}\n{text}")
              for source, (title, text) in texts.items()]
    return build_catalog(chunks, [chunk.embedding_text for chunk in chunks], whole_words(BUNDLED_MODEL))


def test_a_document_whose_title_names_no_one_is_named_by_the_name_its_text_uses_most():
    texts = {
        # Neither title nor file name names the company; its text does, over and over, and as a company ("At Teleport").
        "ads/backend-engineer.md": ("Backend Engineer", "Teleport is hiring backend engineers. At Teleport, we write Go."),
        "ladders/teleport-sre-levels.md": ("Teleport sre levels", "Level 1 takes direction from the team."),
        # Said once, a capitalised word is no evidence of whose document it is.
        "ads/frontend-developer.html": ("Frontend Developer", "Our frontend developers build with React."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("What languages is Teleport written in?") == [("ads/backend-engineer.md", "ladders/teleport-sre-levels.md")]
    assert catalog.names_of(["ads/frontend-developer.html"]) == set()


def test_a_name_no_dictionary_knows_in_lower_case_or_heading_a_project_names_its_document_and_jargon_does_not():
    """Probe W: "eatsa" (file name, byline), "dapr" (file name; "The Dapr project", once "runtime (dapr)"), "balena"
    (only in its text, always in lower case) and "Kubewarden" (only in its text, never after "at") named nothing, and
    questions naming them were refused or answered from another document. A word no dictionary knows written in lower
    case as a name ("balena's", "eatsa · San Francisco"), or more often capitalised than not, is one; so is a project's
    ("the Kubewarden project", "the Shipwright project"); "backend", only ever in lower case, is not."""
    texts = {
        "jobs/eatsa-infrastructure-engineer.md": ("Infrastructure Engineer", "eatsa · San Francisco, CA\nWe build kiosks."),
        "ladders/dapr-community-membership.pdf": (
            "Community membership", "The Dapr project has sub-projects: runtime (dapr) and CLI. Dapr members review code."),
        "policies/leave-policy.docx": (
            "Leave Policy", "The balena leave policy is simple. Ask People Operations about balena's rules. People Operations "
            "approves leave at balena after a week. People Operations keeps a record."),
        "ads/backend-engineer.md": ("Backend Engineer", "Teleport is hiring backend engineers. At Teleport, we write Go."),
        # An open-source project writes its name so; a field is written so too, as an acronym.
        "ladders/contributor-ladder.md": ("Contributor Ladder", "A contributor follows the Kubewarden CoC. Maintainers plan "
                                          "the Kubewarden project and represent Kubewarden."),
        "policies/learning-budget.md": ("Learning budget", "Talks for the ML community. The ML community meets weekly."),
        # A dictionary's word is a project's name where the document never writes it in lower case (probe Z5's
        # Shipwright ladder), and a field's where it does ("the Data community", data).
        "ladders/CONTRIBUTOR-LADDER.md": ("Contributor Ladder", "Participants interact with the Shipwright project. "
                                          "Shipwright maintainers join the shipwright-io organization."),
        "policies/data-guild.md": ("Guild charter", "The Data community meets monthly to discuss data quality."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("what privileges do shipwright maintainers have?") == [("ladders/CONTRIBUTOR-LADDER.md",)]
    assert catalog.named_in("When does the Data community meet?") == []
    assert catalog.named_in("What does a Kubewarden maintainer do?") == [("ladders/contributor-ladder.md",)]
    assert catalog.named_in("What does the ML community do?") == []
    assert catalog.named_in("Where is the eatsa infrastructure job?") == [("jobs/eatsa-infrastructure-engineer.md",)]
    assert catalog.named_in("How do I become a dapr member?") == [("ladders/dapr-community-membership.pdf",)]
    # Not "People Operations", written more often but only as a team's name.
    assert catalog.named_in("how much leave does balena give?") == [("policies/leave-policy.docx",)]
    assert catalog.named_in("What does Teleport pay?") == [("ads/backend-engineer.md",)]
    assert catalog.named_in("Which jobs are backend jobs?") == []


def test_a_line_in_capitals_atop_a_document_is_its_company_named_by_its_first_word():
    """"COMPREHEND SYSTEMS" atop a plain-text ad titled from its file name named nothing, and questions naming
    "Comprehend" were refused (probe W). A shout opening a page is no one's name."""
    texts = {
        "jobs/platform-engineer-infrastructure.txt": (
            "Platform Engineer (Infrastructure)",
            "COMPREHEND SYSTEMS\nPlatform Engineer (Infrastructure) -- Redwood City, CA\nYou will configure load balancers for our platform."),
        "jobs/data-engineer.txt": ("Data Engineer", "WE ARE HIRING\nData Engineer\nYou will build pipelines of data."),
        "ads/backend-engineer.md": ("Backend Engineer", "Teleport is hiring backend engineers. At Teleport, we write Go."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("How much experience does Comprehend want?") == [("jobs/platform-engineer-infrastructure.txt",)]
    assert catalog.names_of(["jobs/data-engineer.txt"]) == catalog.capitalised_names_of(["jobs/data-engineer.txt"]) == set()


def test_an_acronym_of_a_titles_words_names_that_document_and_is_searched_written_out():
    texts = {
        "jobs/site-reliability-engineer.md": ("Site Reliability Engineer", "Respond to system alerts and resolve incidents."),
        "jobs/backend-engineer.md": ("Backend Engineer", "Teleport is hiring backend engineers. At Teleport, we write Go."),
        # "ML" is a word this document writes: it means that, whatever a title's initials spell.
        "policies/marrowbay-logistics.txt": ("MARROWBAY LOGISTICS", "Our ML models plan delivery routes."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("Compare the SRE and the Teleport backend engineer.") == [
        ("jobs/site-reliability-engineer.md",), ("jobs/backend-engineer.md",)]
    assert catalog.spelled_out("What does the SRE do?") == "What does the Site Reliability Engineer do?"
    assert catalog.named_in("Which ML tools are used?") == []
    assert catalog.spelled_out("Which ML tools are used?") == "Which ML tools are used?"


def test_a_companys_initials_from_the_file_name_and_the_first_part_of_its_web_address_name_its_document():
    texts = {
        # A page titled only "Engineering": the company is in its file name, which "FT" abbreviates, as the
        # page itself writes it.
        "ladders/financial-times-engineering.html": ("Engineering", "The Financial Times values curiosity. The FT's engineers pair."),
        # A company named for its address, called by the address's first part.
        "ladders/calcom-engineering-levels.md": ("Engineering Levels", "IC levels at Cal.com grow with scope. "
                                                 "A Principal Engineer's decisions shape the platform."),
        # A tool's address in an ad names no one but the tool's site.
        "ads/data-analyst.md": ("Data Analyst", "Apply at Greenhouse.io today."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("What does a Junior Engineer do at the FT?") == [("ladders/financial-times-engineering.html",)]
    assert catalog.spelled_out("How does the FT pay?") == "How does the FT pay?"  # searched as the page writes it
    assert catalog.named_in("How long do people stay at IC3 at Cal?") == [("ladders/calcom-engineering-levels.md",)]
    assert catalog.uses("ladders/calcom-engineering-levels.md", "Cal")
    assert catalog.named_in("What is a cal?") == []  # in lower case, an ordinary word
    # A role's possessive ("A Principal Engineer's") is no company's name: "Engineer" names neither ladder.
    assert catalog.named_in("What does a Junior Engineer do?") == []
    assert catalog.named_in("Is Greenhouse hiring?") == []


def test_a_page_writing_its_file_names_initials_in_capitals_only_as_a_modifier_is_named_by_them():
    """"across FT technology" is no "the FT's" or "at the FT", but the page writes its file name's initials in capitals,
    as no other document does: "Compare the FT and Quay ladders" had named Quay's alone (probe L)."""
    catalog = catalog_of({
        "ladders/financial-times-senior-engineer.html": ("Senior Engineer Competencies", "Represents their team across FT "
                                                         "technology. Improves the performance of those around them."),
        "ladders/quay-engineer-track.md": ("Quay Engineer Track", "Quay engineers grow along three tracks at Quay."),
    })
    assert catalog.named_in("Compare the FT and Quay ladders.") == [
        ("ladders/financial-times-senior-engineer.html",), ("ladders/quay-engineer-track.md",)]


def test_a_name_the_file_name_writes_as_one_word_is_taken_out_of_a_question_as_its_text_writes_it():
    texts = {
        "ads/glasshouse-data-scientist.pdf": ("Data Scientist", "Glass House builds greenhouses. At Glass House we grow."),
        "ads/fernwood-analyst.md": ("Analyst", "Fernwood audits farms. Fernwood is small."),
    }
    catalog = catalog_of(texts)
    # "glasshouse" names the ad; its words "glass" and "house" name nothing alone, yet are the company's name.
    assert catalog.named_in("What will the Glass House data scientist work on?")[0] == ("ads/glasshouse-data-scientist.pdf",)
    spelled = {stem("glass"), stem("house")}
    assert spelled <= catalog.names_of(["ads/glasshouse-data-scientist.pdf"])
    assert not spelled & catalog.names_of(["ads/fernwood-analyst.md"])


def test_a_company_named_by_an_ordinary_word_is_named_where_a_question_capitalises_it():
    texts = {
        # The file name's first word, alone on a line and never in lower case: the company.
        "ads/cruise-site-reliability-engineer.txt": ("Site Reliability Engineer", "Cruise\nKeep our fleet's services up."),
        # A title word the text writes as a company's name ("at Remote"), and in lower case too ("fully remote").
        "ads/senior-data-engineer.html": ("Senior Data Engineer - Remote", "We work async at Remote. The job is fully remote."),
        # Capitalised technologies, twice, with nothing that writes them as a company: no name.
        "ads/platform-engineer.md": ("Platform Engineer", "We write IaC. IaC reviews are weekly. Terraform is a must."),
        # A page whose tab title alone names its company, an ordinary word (probe U).
        "ads/Careers - Machine Learning Engineer.html": ("Machine Learning Engineer - Careers at Affirm",
                                                         "We affirm our values. Build models that decide in real time."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("Does Cruise pay well?") == [("ads/cruise-site-reliability-engineer.txt",)]
    assert catalog.named_in("Do the models at Affirm decide in real time?") == [("ads/Careers - Machine Learning Engineer.html",)]
    assert catalog.named_in("How does leave at Remote compare with Cruise?") == [
        ("ads/senior-data-engineer.html",), ("ads/cruise-site-reliability-engineer.txt",)]
    # The same words in lower case, or opening the question, are the ordinary words.
    assert catalog.named_in("Is the job remote?") == []
    assert catalog.named_in("Remote work: is it allowed?") == []
    assert catalog.named_in("Which IaC tools are used?") == []
    assert stem("cruise") in catalog.capitalised_names_of(["ads/cruise-site-reliability-engineer.txt"])
    # Taken out of the question only as the name it is: "remote" in lower case is what is asked.
    remote = ["ads/senior-data-engineer.html"]
    strip = partial(without_names, identity=catalog.identity_terms(remote), names=catalog.names_of(remote),
                    capitalised=catalog.capitalised_names_of(remote))
    assert strip("Does Remote allow fully remote work?") == "Does allow fully remote work?"


def test_a_title_word_other_documents_write_too_names_none_of_them():
    texts = {
        "ads/writer-platform-engineer-mlops.txt": ("Platform Engineer, MLOps", "At Writer, we build models."),
        "ads/ml-engineer.md": ("ML Engineer", "You will run our MLOps stack."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("Which MLOps tools are used?") == []
    assert catalog.named_in("What does Writer build?") == [("ads/writer-platform-engineer-mlops.txt",)]


def test_an_acronym_two_documents_titles_share_names_neither_but_is_still_written_out():
    texts = {
        "ads/buildbuddy-senior-site-reliability-engineer.md": ("Senior Site Reliability Engineer", "At BuildBuddy, we build CI."),
        "ads/cruise-senior-site-reliability-engineer.txt": ("Senior Site Reliability Engineer", "Cruise\nKeep the fleet up."),
        "ads/northwind-software-engineer.md": ("Software Engineer", "At Northwind, we ship."),
        "ads/fernwood-staff-engineer.md": ("Staff Engineer", "At Fernwood, we audit."),
    }
    catalog = catalog_of(texts)
    asked = "Is the BuildBuddy SRE job remote?"
    assert catalog.named_in(asked) == [("ads/buildbuddy-senior-site-reliability-engineer.md",)]
    assert catalog.spelled_out(asked) == "Is the BuildBuddy Site Reliability Engineer job remote?"
    # "SE" is "Software Engineer" in one title and "Staff Engineer" in another: it stays as asked.
    assert catalog.spelled_out("Is the SE job remote?") == "Is the SE job remote?"


def test_a_title_says_whose_document_it_is_when_it_does_not_and_a_title_still_shared_is_told_apart_by_file_name():
    texts = {
        "ads/buildbuddy-sre.md": ("Senior Site Reliability Engineer", "At BuildBuddy, we build CI."),
        "ads/cruise-sre.txt": ("Senior Site Reliability Engineer", "Cruise\nKeep the fleet up."),
        "ads/modern-health-data-engineer.md": ("Data Engineer", "Modern Health is hiring. Modern Health supports care."),
        "ads/nerdwallet-benefits.md": ("Benefits at NerdWallet", "NerdWallet offers a wellness stipend."),
        "ads/sre-one.md": ("Platform Engineer", "Keep the fleet up."),
        "ads/sre-two.md": ("Platform Engineer", "Keep the site up."),
    }
    catalog = catalog_of(texts)
    # The file name's words that name the company, as its text writes them; a title naming it already says whose.
    assert catalog.title("ads/buildbuddy-sre.md") == "Senior Site Reliability Engineer (BuildBuddy)"
    assert catalog.title("ads/cruise-sre.txt") == "Senior Site Reliability Engineer (Cruise)"
    assert catalog.title("ads/modern-health-data-engineer.md") == "Data Engineer (Modern Health)"
    assert catalog.title("ads/nerdwallet-benefits.md") == "Benefits at NerdWallet"
    # Nothing names whose they are: the file name tells two of one title apart.
    assert catalog.title("ads/sre-one.md") == "Platform Engineer (sre-one.md)"


def test_a_name_written_first_in_a_hyphenated_word_or_joined_from_the_file_names_words_names_its_document():
    """ "the astropy-dev mailing list" had made "astropy" an ordinary word, and "Crunch.io" had named no
    crunch-io-....md: questions naming them were answered from other documents (probe R). "Amex", written in
    "Team Amex", clips "American Express" (probe Q)."""
    catalog = catalog_of({
        "astropy-finance-policy.docx": ("Funding Requests", "Astropy funds travel. Actions go to the astropy-dev mailing list."),
        "crunch-io-sre.md": ("Site Reliability Engineer", "Filling in for IT for the Crunch.io organization."),
        "american-express-data-engineer.html": ("Data Engineer - American Express", "When you join Team Amex, you grow."),
        "catalyst-policies.md": ("Policies", "Catalyst pays its members monthly."),
    })
    assert catalog.named_in("How fast does Astropy pay travel claims?") == [("astropy-finance-policy.docx",)]
    assert catalog.named_in("Where can the Crunch.io SRE work from?") == [("crunch-io-sre.md",)]
    assert catalog.named_in("What does Amex offer?") == [("american-express-data-engineer.html",)]


def test_a_role_named_beside_a_company_whose_title_says_it_too_names_that_companys_document_alone():
    """ "the senior ML engineer opening at Fetch" had named the Senior ML Infrastructure Engineer as well (probe S)."""
    texts = {
        "roles/senior-ml-infrastructure-engineer.txt": ("Senior ML Infrastructure Engineer", "Builds training platforms."),
        "ads/fetch-senior-machine-learning-engineer.html": ("Senior Machine Learning Engineer at Fetch", "At Fetch, we rank."),
    }
    catalog = catalog_of(texts)
    fetch, role = ("ads/fetch-senior-machine-learning-engineer.html",), ("roles/senior-ml-infrastructure-engineer.txt",)
    assert catalog.named_in("What's the base pay range for the senior ML engineer opening at Fetch?") == [fetch]
    assert catalog.named_in("What does the senior ML engineer earn?") == [role]
    assert catalog.named_in("Compare the Senior ML Infrastructure Engineer with the senior ML engineer at Fetch.") == [role, fetch]


def test_a_title_word_a_named_companys_title_says_too_names_no_other_document():
    """Probe Z11: "phData ML engineer" and "Which Data Science/ML libraries does phData name?" had named Eightfold's
    "Machine Learning Engineer - AI/ML" too, the one title writing "ML", though phData's says it by its initials."""
    texts = {
        "ads/phdata-senior-ml-engineer.md": ("Senior Machine Learning Engineer", "phData builds data platforms. Join phData."),
        "ads/eightfold-ml-engineer.md": ("Machine Learning Engineer - AI/ML", "Eightfold ranks talent with AI/ML. Our AI/ML "
                                         "team builds models. Join Eightfold."),
    }
    catalog = catalog_of(texts)
    phdata, eightfold = ("ads/phdata-senior-ml-engineer.md",), ("ads/eightfold-ml-engineer.md",)
    assert catalog.named_in("phData ML engineer: which languages do they mention?") == [phdata]
    assert catalog.named_in("Which Data Science/ML libraries does phData name?") == [phdata]
    assert catalog.named_in("compare the ML engineer jobs at phData and Eightfold") == [phdata, eightfold]


def test_initials_joined_by_an_ampersand_name_the_document_whose_title_they_stand_for():
    """Probe Z11: "who do I contact at W&B ...?" named nothing, "W&B" read as two letters, not Weights & Biases."""
    texts = {
        "ads/wandb-platform-engineer.html": ("Senior Software Engineer, Platform Tooling - Weights & Biases",
                                             "Weights & Biases builds tools for ML teams."),
        "ads/edgedb-jobs.txt": ("EdgeDB - Careers", "EdgeDB is a database company."),
    }
    assert catalog_of(texts).named_in("who do I contact at W&B if I need interview accommodations?") == [
        ("ads/wandb-platform-engineer.html",)]


def test_a_name_after_and_is_a_second_name_not_words_of_the_first():
    """Probe Z11: "compare the parental leave at Clef and Weights & Biases" named Clef alone: words right after a name
    are read as that document's own ("guestline senior engineer"), and "and" had not parted them."""
    texts = {
        "policies/clef-handbook.pdf": ("Clef Handbook - Compensation and Leave", "Clef gives twelve weeks of leave."),
        "ads/wandb-platform-engineer.html": ("Platform Engineer - Weights & Biases", "Weights & Biases builds ML tools."),
    }
    assert catalog_of(texts).named_in("compare the parental leave at Clef and Weights & Biases") == [
        ("policies/clef-handbook.pdf",), ("ads/wandb-platform-engineer.html",)]


def test_a_file_names_version_names_nothing_and_a_word_both_title_and_file_name_start_with_is_a_name():
    """ "v3" of travel_policy_v3.pdf had been the policy's name, so the company its text names most did not name it;
    and "Glint", a dictionary word, had not named "Glint Data Platform Engineer" (probe T)."""
    texts = {
        "policies/travel_policy_v3.pdf": ("Travel and Expense Policy", "The Conservancy's staff fly economy. Ask the "
                                          "Conservancy's travel desk first."),
        "ads/glint-data-platform-engineer.md": ("Glint Data Platform Engineer", "Glint builds data platforms for shops."),
        "roles/senior-ml-infrastructure-engineer.txt": ("Senior ML Infrastructure Engineer", "A senior engineer runs GPUs."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("What does the Conservancy pay for hotels?") == [("policies/travel_policy_v3.pdf",)]
    assert catalog.named_in("What does Glint pay?") == [("ads/glint-data-platform-engineer.md",)]
    # a word the document writes in lower case too is no name: "senior" starts the role's title and file name
    assert catalog.named_in("What does a Senior engineer do?") == []


def test_an_acronym_written_after_at_names_a_document_whose_title_names_no_one():
    """ "The technologist's career path at GDS", in a page titled "Technologist career path" (probe U)."""
    texts = {
        "paths/technologist-career-path.pdf": ("Technologist career path", "The technologist's career path at GDS. "
                                               "Ways of learning at GDS. GDS has a library."),
        "ads/platform-engineer.md": ("Platform Engineer", "We deploy at AWS scale on AWS Lambda. AWS is our cloud."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("What is the highest level at GDS?") == [("paths/technologist-career-path.pdf",)]
    # an acronym a noun follows modifies it ("at AWS scale"), and "AWS Lambda" is a product: no company
    assert catalog.named_in("What does AWS pay?") == []


def test_a_run_of_ordinary_words_a_document_writes_as_its_company_is_taken_out_of_a_question():
    """ "What management title matches a Lead Engineer at Urban Airship?" had been answered with the byline "Urban
    Airship · techladder (eng)", and every question about End Point Dev with the sentence saying what the company is
    (probe T): the name, written in no title, had stayed in what was asked."""
    ladder, ad = "ladders/engineering-levels.docx", "ads/devops-engineer-job.md"
    catalog = catalog_of({
        ladder: ("Engineering Tech Ladder", "Silver Lantern · techladder (eng)\nThe Team Lead's work matters. Engineers at "
                 "Senior Engineer level mentor. We close on International Women's Day."),
        ad: ("DevOps engineer job opening", "Bright Orchard Dev is an Internet consulting company based in Ohio. You get a "
             "MacBook Pro. How to Be Good at Performance Reviews: a book."),
    })
    asked = "What management title matches a Lead Engineer at Silver Lantern?"
    assert catalog.company_phrase_words([ladder], asked) == {stem("silver"), stem("lantern")}
    assert without_names(asked, catalog.identity_terms([ladder]), catalog.names_of([ladder]),
                         catalog.company_phrase_words([ladder], asked)) == "What management title matches a Lead Engineer at"
    assert catalog.company_phrase_words([ad], "Which tools does Bright Orchard Dev list?") == {stem("bright"), stem("orchard"), "dev"}
    # A role, a level, a day, a product and a title's words are what is asked about.
    for question in ("What does the Team Lead do?", "Who is at Senior Engineer level?", "Is International Women's Day off?"):
        assert catalog.company_phrase_words([ladder], question) == set(), question
    for question in ("Which job offers a MacBook Pro?", "What does it say about Performance Reviews?"):
        assert catalog.company_phrase_words([ad], question) == set(), question


def test_a_title_word_beside_the_company_stays_in_the_question_when_nothing_else_is_asked():
    """ "What does being an OpenFeature Contributor get you?" had kept all its words, the company's name too, and was
    answered with the byline "OpenFeature community · governance documents" (probe V)."""
    source = "ladders/openfeature-contributor-ladder.pdf"
    catalog = catalog_of({
        source: ("OpenFeature Contributor Ladder", "An OpenFeature Contributor gets invitations to events."),
        "ads/frontend-developer.html": ("Frontend Developer", "Our frontend developers build with React."),
    })
    asked = "What does being an OpenFeature Contributor get you?"
    capitalised = catalog.name_phrase_words([source], asked)
    assert stem("contributor") not in capitalised
    assert without_names(asked, catalog.identity_terms([source]), catalog.names_of([source]), capitalised) == (
        "What does being an Contributor get you?")


def test_a_company_said_to_hire_or_pitched_under_why_names_its_document_and_a_number_names_none():
    """Probes X and Y: jobs_108693.txt (Roadie) and jobs_83541.txt (ActBlue) were named by their file names' numbers
    alone, so no question naming the company found them; phData, written once, in a heading "Why phData? We offer:",
    named nothing. A number is no name; "X is seeking", "X, a ... company" and a heading "Why X?" write a company's name."""
    texts = {
        "ads/jobs_108693.txt": ("Site Reliability Engineer", "Roadie, a UPS Company, is a delivery platform. "
                                "Roadie is seeking a Site Reliability Engineer. Why Roadie? Monthly 3-day weekends."),
        # Titled by its file name, whose number is a job board's id.
        "ads/jobs_83541.txt": ("Jobs 83541", "ActBlue is seeking a Staff Data Engineer. At ActBlue, we build tools."),
        "ads/Senior Machine Learning Engineer.docx": ("Senior Machine Learning Engineer", "Why phData? We offer:\nRemote-first work."),
        # The last word of a run of capitals is no name alone ("America" of "Rewiring America is seeking").
        "ads/software-engineer.html": ("Software Engineer", "Rewiring America is seeking engineers. America is big. Our site is fast."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("What perks does Roadie offer?") == [("ads/jobs_108693.txt",)]
    assert catalog.named_in("Does the phData ML role need Docker?") == [("ads/Senior Machine Learning Engineer.docx",)]
    assert catalog.named_in("What is 108693?") == []
    assert catalog.named_in("Is the 83541 job remote?") == []
    assert catalog.named_in("Does ActBlue want Python?") == [("ads/jobs_83541.txt",)]
    assert catalog.names_of(["ads/software-engineer.html"]) == set()


def test_a_number_a_written_title_holds_names_its_document():
    """The scale benchmark's documents differ only by the number in "... at Company 0999": as no name, a question naming
    one searched all of them."""
    catalog = catalog_of({f"ads/senior-engineer-{n:04d}.txt": (f"Senior Engineer at Company {n:04d}", "We pay well.")
                          for n in range(3)})
    assert catalog.named_in("What does Company 0002 pay?") == [("ads/senior-engineer-0002.txt",)]


def test_a_dictionary_word_titling_a_page_it_writes_mostly_capitalised_names_it_and_in_lower_case_where_only_it_writes_it():
    """Probe X: "Helm Governance.pdf" writes "Helm" 21 times and "the helm mailing list" once, and named nothing; "flux",
    written only capitalised and only by flux-community-roles.txt, named it only capitalised ("are flux roles cumulative?"
    was refused). "Remote", an ordinary word where written in lower case, still names Remote only capitalised."""
    texts = {
        "gov/Helm Governance.pdf": ("Helm Governance", "The Helm project has maintainers. Helm org maintainers vote. "
                                    "Helm releases are signed. Write to the helm mailing list."),
        "gov/flux-community-roles.txt": ("Community Roles", "Flux maintainers review. Flux members vote."),
        "ads/remote-data-engineer.md": ("Data Engineer at Remote", "At Remote, the job is remote. Remote pays well."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("How do Helm maintainers vote?") == [("gov/Helm Governance.pdf",)]
    assert catalog.named_in("are flux roles cumulative?") == [("gov/flux-community-roles.txt",)]
    assert catalog.named_in("Is the job remote?") == []
    assert catalog.named_in("Does Remote pay well?") == [("ads/remote-data-engineer.md",)]


def test_a_word_two_titles_share_is_the_role_where_one_of_them_has_a_name_of_its_own():
    """Probe X: "SRE", in the titles "Software Engineer (SRE) - ISRG" and "Platform SRE Developer - Canadian Digital
    Service", named both, so a question about ISRG's SRE team was answered from both ads. A name shared with a document
    that has a name of its own besides is the role's word; a company's ad and its pay policy still share its name."""
    texts = {
        "ads/Software Engineer (SRE) - ISRG.html": ("Software Engineer (SRE) - ISRG", "Our SRE team runs Let's Encrypt."),
        "ads/Platform SRE Developer - Canadian Digital Service.html": (
            "Platform SRE Developer - Canadian Digital Service", "At CDS, SRE developers support Notify."),
        # ... where one of them has a name only it holds too ("Kotlin"), once the text writes it as the company's.
        "ads/zorbly-kotlin-sre.md": ("Zorbly Kotlin SRE", "At Zorbly, engineers are on call."),
        "policies/zorbly-pay.md": ("Zorbly pay policy", "Zorbly pays every level in bands."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("What does ISRG's SRE team do?") == [("ads/Software Engineer (SRE) - ISRG.html",)]
    assert "sre" not in catalog.names_of(["ads/Platform SRE Developer - Canadian Digital Service.html"])
    assert catalog.named_in("How does Zorbly pay?") == [("ads/zorbly-kotlin-sre.md", "policies/zorbly-pay.md")]


def test_a_page_saved_from_a_hosting_service_and_an_adjective_acting_as_a_company_name_their_documents():
    """Probe Z2: "Engineering Job Ladder - persado.github.io.html" was named only by the whole address, so "Persado's
    levels" named nothing; Obvious's "Paid Time Off.docx" writes "Obvious offers ...", "Obvious takes ...", which no
    pattern took for a company's name, so every question naming Obvious was declined."""
    texts = {
        "ladders/Engineering Job Ladder - persado.github.io.html": (
            "Engineering Job Ladder", "You improve Persado's capabilities. You understand the systems at Persado."),
        "policies/Paid Time Off.docx": (
            "Paid Time Off", "Time away helps. Obvious encourages everyone to take time off. Obvious takes a Winter "
            "Break each year. Obvious offers paid menstrual leave. Management covers the rest."),
        "ads/backend-engineer.md": ("Backend Engineer", "Teleport is hiring backend engineers. At Teleport, we write Go."),
    }
    catalog = catalog_of(texts)
    assert catalog.named_in("What levels are on Persado's ladder?") == [("ladders/Engineering Job Ladder - persado.github.io.html",)]
    assert catalog.named_in("Does Obvious give a winter break?") == [("policies/Paid Time Off.docx",)]
    assert catalog.named_in("Does management cover the rest?") == []
    # a noun opening the sentence may be a team, not a company: only the adjective is written as a name
    assert _written_as_names("Obvious offers paid leave. Management covers the rest.") == [stem("obvious")]


def test_a_company_written_only_with_the_word_for_its_kind_is_used_by_its_name_alone():
    """Probe Z1: the cloud engineer ad writes only "Conversant Group", so "Is AWS required for Conversant's Cloud
    Engineer?" was declined as not mentioning Conversant; "Google" alone is still not "Google Cloud"."""
    catalog = catalog_of({
        "ads/cloud-engineer.md": ("Cloud Engineer", "Conversant Group · Remote. Conversant Group is an IT consulting "
                                  "company. We migrate clients to Google Cloud."),
        "ads/backend-engineer.md": ("Backend Engineer", "Teleport is hiring backend engineers. At Teleport, we write Go."),
    })
    source = "ads/cloud-engineer.md"
    question = "Is AWS required for Conversant's Cloud Engineer?"
    assert catalog.uses(source, "Conversant", lone_names_in(question).get("Conversant"))
    assert not catalog.uses(source, "Google", lone_names_in("What benefits does Google offer?").get("Google"))


def test_a_title_naming_no_company_says_whose_it_is_by_the_name_its_text_writes_as_a_company():
    """Probes X, Y and Z: job-board ads titled "Site Reliability Engineer" or "Staff Data Engineer" answered as "From
    Site Reliability Engineer:", whoever's they were; the name their text writes as a company's says whose."""
    texts = {
        "ads/jobs_108.txt": ("Site Reliability Engineer", "Tessaly is seeking an engineer. Why Tessaly? We pay well."),
        # A title's own word, no company's, though no other document writes it
        "ads/jobs_120.txt": ("DevSecOps Engineer", "Tallowmere Systems\nTallowmere is seeking a DevSecOps Engineer."),
        # A company named by dictionary words, in a run ending with the word for its kind
        "ads/cloud-engineer.md": ("Cloud Engineer", "Steadfast Group · Remote\nAt Steadfast Group you migrate mail."),
        # The name is a run of two words; "the Firm" of legal prose is no name
        "ads/jobs_446.txt": ("Associate Reliability Engineer", "Harlow Keating's goal is a diverse workforce. Harlow "
                             "Keating is a leading financial services firm. The Firm's policies apply."),
        # The title's initials name no one new
        "ads/platform.html": ("Platform Developer - Northern Digital Service", "NDS ships platforms. At NDS we ship."),
        # "Master's degree" writes no company's name
        "ads/ml-engineer.txt": ("ML Engineer", "A Master's degree helps. Master's or PhD holders apply."),
        # a place the file name adds is where the job is, not whose
        "ads/Backend Developer (Quorvix Technologies, Spain).docx": ("Backend Developer - Quorvix Technologies",
                                                                    "Our backend team builds meters.\nQuorvix ships from Spain."),
    }
    catalog = catalog_of(texts)
    assert catalog.title("ads/jobs_108.txt") == "Site Reliability Engineer (Tessaly)"
    assert catalog.title("ads/jobs_120.txt") == "DevSecOps Engineer (Tallowmere)"
    assert catalog.named_in("What cloud does Tallowmere use?") == [("ads/jobs_120.txt",)]
    assert catalog.title("ads/cloud-engineer.md") == "Cloud Engineer (Steadfast Group)"
    assert catalog.title("ads/jobs_446.txt") == "Associate Reliability Engineer (Harlow Keating)"
    assert catalog.title("ads/platform.html") == "Platform Developer - Northern Digital Service"
    assert catalog.title("ads/ml-engineer.txt") == "ML Engineer"
    assert catalog.title("ads/Backend Developer (Quorvix Technologies, Spain).docx") == "Backend Developer - Quorvix Technologies"


def test_a_product_named_without_the_suffix_its_document_writes_is_used_there():
    """Probe Y: "How many pull requests do you need for the Stencil TSC?" was declined, its governance saying "StencilJS"."""
    catalog = catalog_of({"gov/gizmojs.md": ("GizmoJS Governance", "GizmoJS has a steering committee."),
                          "gov/other.md": ("Other Governance", "Rusty tools are kept.")})
    assert catalog.uses("gov/gizmojs.md", "Gizmo", set())
    assert catalog.uses("gov/gizmojs.md", "Gizmo")
    assert not catalog.uses("gov/other.md", "Rust", set())


def test_a_companys_name_written_whole_in_lower_case_leaves_the_question_but_a_headings_words_stay():
    """Probe Z2: "what kind of reports does the morgan stanley associate SRE prepare?" searched with "morgan stanley"
    and got the firm's boilerplate; probe Z3: "zarf maintainer responsibilities" lost its "maintainer" when any
    capitalised phrase starting with the name was taken for it."""
    catalog = catalog_of({
        "ads/jobs_446.txt": ("Associate Reliability Engineer", "Harlow Keating's goal is a diverse workforce. Harlow "
                             "Keating is a leading financial services firm. Prepare stability reports."),
        "ladder/CONTRIBUTOR_LADDER.md": ("Zarf Contributor Ladder", "The Zarf project. Zarf Maintainer duties: review code."),
    })
    assert catalog.company_written_whole(["ads/jobs_446.txt"], "what reports does the harlow keating SRE prepare?") == {
        "harlow", "keat"}
    assert catalog.company_written_whole(["ladder/CONTRIBUTOR_LADDER.md"], "zarf maintainer responsibilities pls") == set()


def test_companies_named_by_words_a_stem_or_a_determiner_had_hidden_name_their_documents():
    """Probe Z6's cross-document questions cited one side only: "mantl" shares its stem with "mantle", a word the model
    knows; "Level", capitalised in every level's name, outnumbered "Upp" as the framework's company; "the Base Two team",
    "your Base Two calendar" and the heading "The Good Eggs Compensation Philosophy" had made the names a role's run."""
    def chunk(source, title, text, section=None):
        return SimpleNamespace(start=0, source=source, title=title, section=section or title, text=text,
                               embedding_text=f"{title}\n{text}")
    chunks = [
        chunk("jobs/mantl-bi-engineer.md", "BI Engineer — MANTL", "BI Engineer — MANTL\nBuild dashboards. Unlimited PTO."),
        chunk("ladders/Engineering Framework - Full Stack.docx", "Engineering Framework",
              "Level 1 engineers at Upp learn. Level 2 engineers at Upp grow. Level 3 leads. Level 4 drives Upp's "
              "goals. Level 5 sets direction. Level 6 is rare."),
        chunk("policies/handbook-benefits.pdf", "Benefits", "Remind both the Base Two team and your clients. Add it to "
              "your Base Two calendar. Saving matters, and Base Two's 401k plan helps."),
        chunk("jobs/jobs_41618.txt", "DevOps & Platform Engineer", "At Good Eggs, the health of our technology matters."),
        chunk("jobs/jobs_41618.txt", "DevOps & Platform Engineer", "The Good Eggs Compensation Philosophy:\nWe pay well.",
              section="DevOps & Platform Engineer > The Good Eggs Compensation Philosophy"),
        chunk("jobs/northwind-data.md", "Data Engineer at Northwind", "Northwind builds robots."),
    ]
    catalog = build_catalog(chunks, [c.embedding_text for c in chunks], whole_words(BUNDLED_MODEL))
    assert catalog.named_in("is pto unlimited at mantl?") == [("jobs/mantl-bi-engineer.md",)]
    assert catalog.named_in("what upp expects at level 5") == [("ladders/Engineering Framework - Full Stack.docx",)]
    assert catalog.named_in("how much pto at base two?") == [("policies/handbook-benefits.pdf",)]
    assert catalog.named_in("parental leave at good eggs?") == [("jobs/jobs_41618.txt",)]



def test_a_job_title_the_trade_writes_in_initials_is_written_out_where_no_document_writes_them():
    """Probe Z12: "IC3 SRE at dropbox" of "IC3 Reliability Engineer" and "OC senior SWE" of "Senior Software Engineer" had
    been refused for an unknown name: no title's words have those initials."""
    texts = {
        "ladders/kestrel-ic3-reliability-engineer.pdf": ("IC3 Reliability Engineer", "At Kestrel, I keep services up."),
        "ads/heron-senior-software-engineer.txt": ("Senior Software Engineer", "At Heron, we ship."),
    }
    catalog = catalog_of(texts)
    assert catalog.spelled_out("Who does a Kestrel IC3 SRE work with?") == "Who does a Kestrel IC3 site reliability engineer work with?"
    assert catalog.spelled_out("Heron senior SWEs pay?") == "Heron senior software engineers pay?"
    # One document alone is searched the same way.
    alone = catalog_of(dict(list(texts.items())[:1]))
    assert alone.spelled_out("What do SREs do?") == "What do site reliability engineers do?"
    # A document writing the initials itself is searched by them.
    writing = catalog_of({**texts, "handbooks/oncall.md": ("On-call handbook", "Every SRE carries the pager.")})
    assert writing.spelled_out("What does an SRE do?") == "What does an SRE do?"


def test_a_title_listing_its_topics_by_commas_leaves_them_asked_of_a_document_named_by_its_file_names_words():
    """Probe Z12's MadeTech_handbook_...txt, titled "MADE TECH HANDBOOK - holiday, remote working, expenses, salary
    reviews": "How often are salaries reviewed at Made Tech?" had lost "salaries reviewed" as the title's words, so
    nothing was asked and the handbook "didn't say"."""
    texts = {
        "policies/KestrelTech_handbook.txt": ("KESTREL TECH HANDBOOK - holiday, remote working, expenses, salary reviews",
                                              "Salaries are reviewed once each financial year."),
        "ads/kestrel-tech-engineer.md": ("Software Engineer, Infrastructure, Berlin", "Kestrel Tech builds ferries."),
    }
    catalog = catalog_of(texts)
    asked = "How often are salaries reviewed at Kestrel Tech?"
    assert {"salary", "review"} <= catalog.topic_words_asked(["policies/KestrelTech_handbook.txt"], asked)
    # A role's title with two commas lists no topics.
    assert catalog.topic_words_asked(["ads/kestrel-tech-engineer.md"], "Is the software engineer job at Kestrel Tech remote?") == set()
