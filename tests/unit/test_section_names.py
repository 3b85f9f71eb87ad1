"""Conventional section headings are matched with the plain names readers ask for them by."""

from __future__ import annotations

import pytest

from assistant.ingest.section_names import (
    as_matched,
    conventional_name,
    everyday_words_for_sections,
    plain_name,
    plain_names_asked,
    unsaid_plain_names,
)


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("What you'll own", "responsibilities"),
        ("In this role, you will:", "responsibilities"),
        ("What we’re looking for", "requirements"),  # a typographic apostrophe too
        ("Please apply if you have:", "requirements"),
        ("Bonus points", "nice to have, preferred"),
        ("Preferred qualifications", ""),  # it says so itself, before "qualifications" could make it a requirement
        ("What we offer", "benefits"),
        ("How to apply", "hiring process"),
        ("You will", "responsibilities"),  # the heading is the sentence's opening; its entries finish it
        ("As a Senior SRE, you'll:", "responsibilities"),
        ("You will need", "requirements"),
        ("We're looking for someone who", "requirements"),
        ("Is this you?", "requirements"),
        ("Key Responsibilities", ""),  # already plain
        ("About us", ""),  # no convention: the model matches it well enough
        ("What success looks like in this role", ""),  # what a hire achieves, not duties, though "in this role"
        ("By your first 90 days", "outcomes, success"),
        ("Your 30/60/90 day plan", "outcomes, success"),
        ("Why Roadie?", "benefits"),  # the company's pitch, its perks (probe Y)
        ("Why we exist and what we believe", ""),
        ("Essential Functions", "responsibilities"),  # HR job descriptions' duties (probe Z1)
        ("Your tasks", "responsibilities"),
        ("Prerequisites", "requirements"),  # a ladder's, for a level (probe Z3)
        ("Pre-requisites", "requirements"),
        ("Eligibility", "requirements"),
        ("The Helm Org maintainers are responsible for", "responsibilities"),  # over their duties (probe X)
        ("Total Rewards", "benefits"),  # Deel's (probe Z4)
        ("At Deel, you’ll enjoy:", "benefits"),
        # Probe Z5: OpenTable's requirements, Cash App's tools.
        ("Please apply if", "requirements"),
        ("Tools of the trade", ""),
        # Probe Z10: Affirm's two ads.
        ("What we look for:", "requirements"),
        ("Job Description", "responsibilities"),
        ("Job description and requirements of the SRE team", ""),
        ("What's it like to work at BuildBuddy?", "benefits"),  # the pitch (probe Z10)
        ("Life at Kestrel", "benefits"),
        ("Life insurance", ""),
        ("Reach out if you want to:", "responsibilities"),  # over the work (probe Z9's PostgresML)
        ("Apply if you'd love to", "responsibilities"),
        # Probe Z12: HOT's "Advantages:" under its qualifications.
        ("Advantages:", "nice to have, preferred"),
        ("Assets", "nice to have, preferred"),
        ("Would be an asset", "nice to have, preferred"),
        ("Our advantages for you", ""),
        ("Asset management", ""),
        ("Essential", "requirements"),  # over the skills of probe Z15's civil-service form, beside "Desirable"
        ("Essential criteria", "requirements"),
    ],
)
def test_a_conventional_heading_has_a_plain_name_unless_it_says_it(heading, name):
    assert plain_name(heading) == name


def test_only_the_conventional_headings_of_a_path_gain_a_name():
    assert as_matched("Kestrel > Engineering > What you'll do") == "Kestrel > Engineering > What you'll do (responsibilities)"
    assert as_matched("Kestrel > Salary") == "Kestrel > Salary"


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What would I be on the hook for as the payroll lead?", " (responsibilities)"),
        ("What does the Staff Platform Engineer do?", " (responsibilities)"),
        ("What will I do as a crane operator at Portside?", " (responsibilities)"),
        ("What will I do in the Portside Senior Crane Operator role?", " (responsibilities)"),  # the role named inside (probe Y)
        ("What projects would I work on at Portside?", " (responsibilities)"),
        ("If I work on a holiday, am I paid extra?", ""),  # working on a day is no duty
        ("What does Kestrelpoint do?", ""),  # a company, not a role
        ("What does the company do?", ""),
        ("What do engineers typically do at the entry-level stage?", ""),  # narrowed to a stage
        ("What are the must-haves for the role?", " (requirements)"),
        ("What does BuildBuddy look for in an SRE?", " (requirements)"),
        ("Which skills would give me an edge, even if they aren't required?", " (nice to have, preferred)"),
        ("What are the nice-to-haves for the opening?", " (nice to have, preferred)"),
        ("Is a degree required?", ""),
        # Probe Y's paraphrased list requests, each answered with the wrong part or declined.
        ("What would I spend my days doing as a Roadie site reliability engineer?", " (responsibilities)"),
        ("What would a Wonderschool senior data engineer be doing all week?", " (responsibilities)"),
        ("what would I actually be doing as a knative working group lead?", " (responsibilities)"),
        ("What would I spend on a trip to Berlin?", ""),
        ("what should i be good at to land the product designer gig at way2b1", " (requirements)"),
        ("What does Wonderschool offer besides salary?", " (benefits)"),
        ("What does Reachdesk offer for the senior product designer role?", " (benefits)"),  # probe Z2
        ("What does Vercel offer customers?", ""),  # what it sells
        ("What products does Wonderschool offer?", ""),
        # Probe RA's paraphrased list requests of the role document, each declined or answered with one entry.
        ("what should i brush up on before applying", " (requirements)"),
        ("what keeps these engineers up at night", " (challenges)"),
        ("what people skills matter for this gig?", " (soft skills)"),
        ("whats the right way to do things, like the dos", " (best practices)"),
        ("where is this field headed over the next few years", " (trends)"),
        ("how do people in this job keep their skills from going stale", " (continuous learning)"),
        ("How do I apply?", ""),
        ("what else do i get besides the paycheck", " (benefits)"),
        # Probe RC: what a role does all day, and what "they" do.
        ("what does an ml infra engineer do all day?", " (responsibilities)"),
        ("what do they do every day", " (responsibilities)"),
        ("What does a nurse do for a living?", " (responsibilities)"),
        # Probes RE, RF and RG: a week in the job, what goes wrong, where a career goes, who one works with.
        ("what does a typical week look like for them?", " (responsibilities)"),
        ("what goes wrong most often for these teams?", " (challenges)"),
        ("what makes releases painful?", " (challenges)"),
        ("how do people move up from here?", " (career advancement)"),
        ("who do these engineers work alongside?", " (colleagues)"),
        ("Who is the hiring manager?", ""),
        ("where's the field heading?", " (trends)"),
        # Probes Z1, Z2 and Z3: duties a role is responsible for, requirements by what it takes, what makes one stand out.
        ("what's a junior dev actually responsible for at guestline", " (responsibilities)"),
        ("relativity - what kind of work would i do on the team?", " (responsibilities)"),
        ("Who is responsible for on-call?", ""),
        ("What does it take to get onto stencil's TSC?", " (requirements)"),
        ("What do I need to show to become a project member at flux?", " (requirements)"),
        ("what skills is motional screening for in semantic search candidates", " (requirements)"),
        ("How long does it take to become senior?", ""),
        ("what would make me stand out for the hack club bank lead?", " (nice to have, preferred)"),
        ("What's nice about working at Kraken?", " (benefits)"),
        # Probe Z4: what else is got besides pay, either way round; compensation beyond pay names what it asks for.
        ("apart from the paycheck, what else do headspace people get", " (benefits)"),
        ("what do you get for working at deel besides the salary", " (benefits)"),
        ("What additional compensation is there beyond base salary?", ""),
        # Probe Z5: what is covered besides pay, the background a good fit has, the day job, the tech stack.
        ("if i got hired by cisco meraki, what would they cover for me apart from salary", " (benefits)"),
        ("what background should i have to be a good fit for the meraki sre opening", " (requirements)"),
        ("what would the day job be for the opentable database person", " (responsibilities)"),
        ("what's the tech stack on the underwriting team", " (tech stack, tools)"),
        ("which tools does the team use?", " (tech stack, tools)"),
        ("Does the team use Kafka?", ""),
        # Probe Z9: who may have a thing is its eligibility.
        ("which kinds of jobs can actually get the on-call stipend at civicactions?", " (requirements)"),
        ("who is eligible for the on-call stipend?", " (requirements)"),
        ("Which days can I work from home?", ""),
        # Probe Z10: the time a role is spent on.
        ("what will an ML engineer at affirm spend their time on?", " (responsibilities)"),
        ("What would I spend my days doing as a data engineer?", " (responsibilities)"),
        ("How much of their time does a staff engineer spend on core work?", ""),
        # Probe Z11: the job's time, on the job.
        ("what would I spend my time on in the W&B platform tooling role", " (responsibilities)"),
        ("what does a senior ML engineer at phdata do on the job?", " (responsibilities)"),
        ("Do SREs spend their time on call?", ""),
        ("What tech would I be working with as an SRE at Crunch?", " (tech stack, tools)"),
        ("what do they want me to already know for the Crunch data platform job?", " (requirements)"),
    ],
)
def test_a_question_asking_for_a_section_in_everyday_words_is_searched_with_its_plain_name(question, asked):
    assert plain_names_asked(question) == asked


def test_the_everyday_words_asking_for_a_section_name_no_thing():
    assert everyday_words_for_sections("what does a typical week look like for them?") == {
        "a", "typical", "week", "look", "like"}
    assert everyday_words_for_sections("what is a week?") == set()
    # A section's own name, as the question says it or as its searched name in brackets adds it, is no everyday word:
    # "nice" had been set aside, so that "Preferred Skills" was named by nothing (probe Z4).
    asked_so = everyday_words_for_sections("what would make me stand out (nice to have, preferred)")
    assert {"make", "stand"} <= asked_so and not {"nice", "preferred"} & asked_so


def test_a_question_may_name_a_heading_by_the_plain_names_it_does_not_say_itself():
    # "nice-to-haves" had asked for "Preferred Qualifications" in vain.
    assert unsaid_plain_names("Preferred Qualifications") == ["nice to have"]
    assert unsaid_plain_names("Bonus points") == ["nice to have", "preferred"]
    assert unsaid_plain_names("Key Responsibilities") == []
    # "what's the tech stack?" had got a sentence saying "tech stack", not Cash App's "Tools we use and teach" (probe Z5).
    assert unsaid_plain_names("Tools we use and teach:") == ["tech stack"]
    assert unsaid_plain_names("Our Tech Stack") == ["tools"]


def test_a_heading_only_contact_or_apply_is_how_to_apply():
    """Probe Z8: "how do i apply?" of an ad whose "Contact" heads "please submit resumes to ..." got "Experience applying
    principles ...": no heading was named for applying."""
    for heading in ("Contact", "Contact us:", "Apply now!", "To apply", "How to apply"):
        assert conventional_name(heading) == "hiring process", heading
    assert conventional_name("Contact center experience") != "hiring process"
