"""The chain end to end on the real corpus: grounded statements, list questions, follow-ups, refusals, streaming;
and on the multi-document corpus: answers attributed to their documents, and refusals that name them."""

from __future__ import annotations

import re

import pytest

from assistant.answerers.extractive import StatementScorer, passage_statements
from assistant.core.chain import build_chain, open_retriever
from assistant.core.followup import is_follow_up, neighbouring_section, part_spoken_of, resolve_question, step_asked
from assistant.core.text import (
    content_terms,
    names_in,
    roles_asked_about,
    split_sentences,
    term_choices,
    versions_in,
    written_out,
    years_in,
)
from assistant.ingest.indexing import ingest
from assistant.retrieval.store import StoredChunk
from tests.conftest import make_settings

MARKER = re.compile(r"\[(\d+)\]")
ROLE_TITLE = "Senior ML Infrastructure Engineer"
ROLE_SOURCE = "corpus/senior-ml-infrastructure-engineer.txt"
REFUSAL = "I can't answer that from the documents I have, so I won't guess. I can help with questions about: "
# Either reason (no match, or a name the documents never use), then the topics covered.
ANY_REFUSAL = re.compile(
    r"^(?:I can't answer that from the documents I have, so I won't guess"
    r"|The documents I have don't mention [^,]+, so I can't answer that without guessing)"
    r"\. I can help with questions about: (?P<topics>.+)\.$"
)


def ask(chain, question: str, history: list | None = None) -> dict:
    return chain.invoke({"question": question, "history": history or []})


def assert_grounded(result: dict, attributed: bool = False) -> None:
    """Every statement is a verbatim quote of a passage it cites, and every citation is used.

    With `attributed` (several documents indexed), statements are "- " bullets grouped under a
    "From <title>:" line naming the document their citations come from; otherwise there is no such line.
    """
    by_number = {c["n"]: c for c in result["citations"]}
    assert result["citations"] and all(c["title"] and c["section"].startswith(c["title"]) for c in result["citations"])
    used = set()
    group_title = None
    shown_last = None
    statements = iter(result["statements"])
    for index, line in enumerate(result["answer"].splitlines()):
        numbers = {int(n) for n in MARKER.findall(line)}
        if attributed and line.startswith("From ") and line.endswith(":") and not numbers:
            group_title = line.removeprefix("From ").removesuffix(":")
            continue
        assert numbers, line
        statement = next(statements)
        if attributed:
            # The group names the document its quotes come from: its title, and whose it is where that says none.
            assert group_title is not None and line.startswith("- "), line
            assert statement["document"] == group_title, line
            assert all(group_title.startswith(by_number[n]["title"]) for n in numbers), line
        else:
            assert line.startswith("- ") == (index > 0), line
        # The line renders its statement: the quote, under its heading when it shows one that the line before has
        # not shown already, then its markers.
        shown = (statement["document"], statement["heading"])
        said = f"{statement['heading']}: {statement['text']}" if statement["heading"] and shown != shown_last else statement["text"]
        shown_last = shown
        assert line.removeprefix("- ") == said + "".join(f" [{n}]" for n in statement["citations"]), line
        assert all(statement["text"] in by_number[n]["text"] for n in numbers), line
        # ... under headings of the passage cited: its section's, or the label of the entry it continues ("Industry
        # Trends > Growing Demand" over the sentence after "Growing Demand: ...")
        assert all(part in by_number[n]["section"] or f"{part}:" in by_number[n]["text"]
                   for n in numbers for part in statement["heading"].split(" > ")), line
        used |= numbers
    assert used == set(by_number)
    # Citations are listed 1..N, and numbered in the order the answer first uses them.
    assert [c["n"] for c in result["citations"]] == list(range(1, len(result["citations"]) + 1))
    first_use = list(dict.fromkeys(int(n) for n in MARKER.findall(result["answer"])))
    assert first_use == sorted(first_use)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What do senior engineers earn in California?", "170,193"),
        ("How many years of experience are needed?", "5+ years"),
        ("What degree do I need?", "Bachelor's or Master's"),
        ("Which container orchestration tools should I know?", "Kubernetes"),
        ("How do I deal with alert fatigue?", "smart alerting"),
        ("What tool is recommended for infrastructure as code?", "Terraform"),
        ("Is there a retirement plan?", "401"),
    ],
)
def test_single_fact_questions_quote_the_passage_that_answers(chain, question, expected):
    result = ask(chain, question)
    assert result["grounded"], result["answer"]
    assert expected in result["answer"]
    assert expected in result["citations"][0]["text"]
    assert all((c["source"], c["title"]) == (ROLE_SOURCE, ROLE_TITLE) for c in result["citations"])
    assert_grounded(result)


def test_a_question_for_a_whole_list_names_its_items(chain):
    result = ask(chain, "What are the common challenges?")
    lines = result["answer"].splitlines()
    assert len(lines) >= 10
    assert lines[0].startswith("Scalability and Resource Management")
    assert all(c["section"].startswith(f"{ROLE_TITLE} > Common Challenges > ") for c in result["citations"])
    assert_grounded(result)


def test_a_narrower_question_is_not_answered_with_the_whole_list(chain):
    result = ask(chain, "What ethical best practices are recommended?")
    assert "bias" in result["answer"]
    assert len(result["citations"]) <= 2
    assert_grounded(result)


def test_list_entries_with_labels_are_named_by_their_labels(chain):
    result = ask(chain, "What are the key industry trends?")
    assert result["answer"].splitlines()[0] == "Growing Demand [1]"
    assert "Security and Compliance" in result["answer"]


def test_a_yes_or_no_on_a_must_have_is_answered_by_the_thing_not_by_every_requirement(chain):
    """ "Is healthcare background a must-have?" asks of one thing (probe RF): the requirements asked for by their plain
    name had answered with the whole list, without the healthcare preference."""
    assert "healthcare environments" in ask(chain, "Is healthcare background a must-have?")["answer"]


def test_a_labelled_entry_is_a_topic_of_its_own_under_its_label(chain):
    # "Adaptability and Continuous Learning: Staying updated ..." sits among other soft skills; its label
    # names what it is about better than the section's heading does.
    result = ask(chain, "What is meant by adaptability?")
    assert result["answer"].startswith("Adaptability and Continuous Learning: Staying updated with new algorithms")
    assert_grounded(result)


def test_follow_up_is_resolved_against_the_earlier_question(chain):
    history = [
        {"role": "user", "content": "What challenges do these engineers face around scalability?"},
        {"role": "assistant", "content": "Balancing computational requirements with cost-efficiency [1]"},
    ]
    result = ask(chain, "What about security?", history)
    assert "Protecting sensitive data" in result["answer"]
    assert result["question"].startswith("What challenges")
    # The challenges' own security part, not the trends' or practices' words on security.
    assert all(" > Common Challenges > " in citation["section"] for citation in result["citations"]), result["citations"]


@pytest.mark.parametrize(
    ("earlier", "earlier_answer", "follow_up", "expected"),
    [
        # The part beside the last answer's that the follow-up names ("experienced", a label in the same list).
        ("What do entry-level to mid-level ML infrastructure engineers earn?",
         "Entry-Level to Mid-Level: $110,000 - $130,000 [1]", "And the experienced tier?", "Experienced: $130,000 - $160,000"),
        # Nothing named: the last answer's own passage, where the date is.
        ("What does the trends section say about demand for ML Infrastructure Engineers?",
         "Rapid adoption of AI and ML across industries is fueling demand.", "Until when?", "through 2031"),
    ],
)
def test_a_follow_up_asks_on_from_where_the_last_answer_came(chain, earlier, earlier_answer, follow_up, expected):
    history = [{"role": "user", "content": earlier}, {"role": "assistant", "content": earlier_answer}]
    result = ask(chain, follow_up, history)
    assert expected in result["answer"].splitlines()[0], result["answer"]
    assert_grounded(result)


def test_a_follow_up_finds_where_the_last_answer_came_from_by_its_words_not_by_embedding_it(indexed_settings):
    """The earlier answer, embedded beside the question, was a long text in the model's batches: the role bench's
    throughput rose from 0.76 to 0.84-0.89 of the batch floor without it. Its passage is found by the words it quotes."""
    retriever = open_retriever(indexed_settings)
    embedded: list[str] = []
    embed_queries = retriever.embed_queries
    retriever.embed_queries = lambda texts: embedded.extend(texts) or embed_queries(texts)
    history = [{"role": "user", "content": "What salary can an entry-level engineer expect?"},
               {"role": "assistant", "content": "Entry-Level to Mid-Level: $110,000 - $130,000 [1]"}]
    result = ask(build_chain(indexed_settings, retriever), "And the experienced tier?", history)
    assert "Experienced: $130,000 - $160,000" in result["answer"].splitlines()[0], result["answer"]
    assert len(embedded) == 2 and not any("110,000" in text for text in embedded), embedded


def test_a_follow_up_remembers_the_answer_it_follows_without_its_citation_marks():
    history = [
        {"role": "user", "content": "What is the U.S. average salary?"},
        {"role": "assistant", "content": "Average: $130,000 - $140,000 annually [1]"},
    ]
    assert resolve_question("And in 2031?", history).previous_answer == "Average: $130,000 - $140,000 annually"
    # An answer belongs to the question it answered: a new question starts without one.
    assert resolve_question("And in 2031?", history + [{"role": "user", "content": "Who hires them?"}]).previous_answer is None
    refused = [{"role": "user", "content": "What about Mars?"}, {"role": "assistant", "content": REFUSAL + "Overview."}]
    assert resolve_question("And the salary?", refused).previous_answer is None


@pytest.mark.parametrize(
    ("section", "step", "expected"),
    [
        ("Ladder > Levels > II", 1, "Ladder > Levels > III"),
        ("Ladder > Levels > II", -1, "Ladder > Levels > I"),
        ("Ladder > Levels > III", 1, None),  # the last level: nothing after it in this part
        ("Ladder", 1, None),  # a whole document has no siblings
    ],
)
def test_the_part_beside_one_is_its_sibling_in_reading_order(section, step, expected):
    in_order = ["Ladder", "Ladder > Levels", "Ladder > Levels > I", "Ladder > Levels > II",
                "Ladder > Levels > II > Examples", "Ladder > Levels > III", "Ladder > Promotion"]
    assert neighbouring_section(section, in_order, step) == expected
    assert step_asked("And the level after that?") == 1 and step_asked("What about the one below?") == -1
    # "before I must start" and "after we ship" say when, not which part
    assert step_asked("And how long do I have before I must start working on it?") == 0
    assert step_asked("What happens after we ship?") == 0


def test_the_part_a_follow_up_steps_from_is_the_one_the_conversation_named_around_the_answer():
    """ "And what is the next level up?" after "What does an Engineer II do?", answered from its "Expectations",
    is the level after Engineer II, not the part after its expectations (probe U)."""
    spoken = "What does an Engineer II at Etsy do? You work within guidelines."
    assert part_spoken_of("Ladder > Levels > Engineer II > Expectations", spoken) == "Ladder > Levels > Engineer II"
    assert part_spoken_of("Ladder > Levels > II > Examples", "What about Lisbon?") == "Ladder > Levels > II > Examples"


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("And what about California?", True),
        ("What about security?", True),
        ("Until when?", True),
        ("Which regulations, for example?", False),
        ("What do senior engineers earn in California?", False),
        ("How many years of experience do I need?", False),
        ("Can she work from home once she is back?", True),  # someone spoken of before (probe M)
        ("What if I live in Spain instead?", True),  # instead of what was asked (probe L)
        ("Anything on top of the base pay?", True),
        ("What does it take to be a maintainer?", False),  # an "it" standing for what follows (probe Z4)
        ("How long does it take?", True),
        ("which other db tech counts as a plus?", True),  # other than the one answered (probe Z5)
        ("What else do they offer?", True),
        ("What other benefits does Quarrix list besides the pension?", True),
        ("Does the role involve other teams?", False),
        # A reaction to the last answer opening the turn (probe Z10): the question after it is what counts.
        ("nice, what are the perks like?", True),
        ("ok and what is the machine learning job there about?", True),
        ("thanks! what benefits do they offer?", True),
        ("Okay. What benefits does the Lisbon office of Quarrix list for new engineers?", False),
    ],
)
def test_follow_up_detection(question, follow_up):
    assert is_follow_up(question) is follow_up


def test_resolution_chains_through_several_follow_ups():
    history = [
        {"role": "user", "content": "What is the U.S. average salary?"},
        {"role": "assistant", "content": "..."},
        {"role": "user", "content": "And in California?"},
        {"role": "assistant", "content": "..."},
    ]
    resolved = resolve_question("What about equity?", history)
    assert resolved.previous == "What is the U.S. average salary? And in California?"
    assert resolve_question("What is the U.S. average salary?", history).previous is None


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "How do I bake sourdough bread?",
        "Who won the 2022 World Cup?",
        "What is the average salary of a nurse in Texas?",
        "How do I install Kubernetes on Ubuntu?",
        # A thing to define in a field named in four words, sharing "reliability" with a list of duties that was quoted.
        "What is toil in site reliability engineering?",
        "What does a beekeeper do day to day?",  # another occupation's duties had been answered with the role's
        # Probe RA: a field closing a clause or a purpose, a maker, another profession's pay or duties (a colleague
        # the document lists is none of its roles), a lower-case company's unknown attribute.
        "what is a pipeline in plumbing and how is it installed",
        "common challenges when training for a first marathon",
        "who originally created kubernetes",
        "frontend developer salary us?",
        "what are the main day to day responsibilities of a product manager at a tech company",
        "what's the job outlook for dental hygienists through 2031?",
        "whats roblox's stock ticker",
        # Probe RC: another profession's day, and places written in lower case.
        "what does a product manager do all day?",
        "ml infra engineer salary london",
        "is there much demand for ml infra engineers in india and what do they earn there?",
        # ... and a thing to define that the document never names, beside one it does
        "what exactly is a kubernetes pod?",
        "can you explain how the transformer architecture's attention works?",
        # ... and steps with a tool the document names, on a platform it never does
        "how do i install kubeflow on minikube step by step",
        # Probe RF: a share or a version is a number no statement naming the thing gives; a field named by the
        # word before "industry", with a time after it.
        "what % do companies typically match on the 401k?",
        "what's the latest stable kubernetes version?",
        "what are the big trends in the fashion industry this season?",
        # Probe RG: a topic of the document asked of a thing it never speaks of; a version it never writes; a
        # judgement between things it names side by side and never sets one above the other.
        "What are the common challenges of training a parrot?",
        "what's the demand for vintage guitars these days",
        "What's new in Kubernetes 1.29?",
        "tensorflow or pytorch, which should I use?",
        "Is GCP better than Azure for ML in your opinion?",
        "is MLflow better than Kubeflow?",  # "Focus on building ... before ..." judges neither
        "explain iceberg snapshot isolation",  # a thing to explain, named whole by no statement
        "will senior ML infra pay go down in 2027?",  # a prediction, which no statement looking ahead makes
        # Probe Z3: a prediction of what a company will do, soon or next year ("The final offered salary will be based
        # on" looks ahead at nothing); a year or a place of several words the document never writes ("new" is no "New
        # York"); steps on a platform no dictionary knows, which no other words say.
        "is Roblox going to raise its ML infra pay soon?",
        "What were ML infra salaries in 2019?",
        "what do senior ML infra engineers earn in new york?",
        "how do i set up mlflow on ubuntu?",
        "which certs should i get, CKA or AWS ML specialty?",  # no quote says the other alternative, nor certificates
    ],
)
def test_out_of_scope_questions_are_refused_with_the_topics_covered(chain, question):
    result = ask(chain, question)
    assert result["grounded"] is False and result["citations"] == []
    refusal = ANY_REFUSAL.match(result["answer"])
    assert refusal, result["answer"]
    # With one document, the topics are its top-level sections (not its title), in document order.
    topics = refusal["topics"]
    assert topics.startswith("Overview, Core Responsibilities, ") and topics.endswith(", Common Challenges")
    assert "Salary Ranges (US Market, 2024)" in topics and ROLE_TITLE not in topics


@pytest.mark.parametrize(
    "question",
    [
        "What is the best way to cook rice?",
        "Which chess openings do infrastructure engineers prefer?",
        "What time zone is the team in?",
        "What are the challenges of raising a puppy?",
    ],
)
def test_a_question_about_a_thing_no_document_mentions_is_not_answered_through_the_words_it_shares(chain, question):
    # Each shares a word with a heading ("best practices", "infrastructure", "time", "challenges") and was answered from it.
    assert ask(chain, question)["grounded"] is False


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # The unknown words paraphrase the statement: the question is nearer it with them than without.
        ("Which colleagues do these infra folks partner with day to day?", "data scientists"),
        # Without its figure of speech, the question still asks what the corpus answers.
        ("How many years in the trenches do I need?", "5+ years"),
        ("Which programming tongues are expected?", "Python"),
        # The closing noun judges the subject; it is not the topic.
        ("Is knowing Terraform a plus?", "Terraform"),
        # A word standing for a thing names none ("another"); a field asked of the asker's own ("for this gig") is none.
        ("what makes one ml infra engineer earn more than another", "$"),
        ("What degree is required for a Senior ML Infrastructure Engineer?", "Bachelor's"),
        ("what people skills matter for this gig? not the technical stuff", "Communication"),
        # The role's title as people clip it names the document: "infra" of "Infrastructure".
        ("do ml infra engineers need to worry about cost or just performance", "cost-efficiency"),
        ("ml infra engineer salary range us 2024", "$110,000 - $180,000+"),
        # Words as people clip them are counted and done as the corpus's: "yrs" are "years", "dev" is "development".
        ("how many yrs of experience building ml platforms do they ask for", "5+ years"),
        ("how do you keep dev and prod environments consistent", "containerization"),
        # What a closing "on top of" sets aside is no part of what is asked.
        ("What additional compensation is there on top of base salary?", "Performance bonuses"),
        # How long a thing lasts is said by when it ends ("projected through 2031").
        ("how long is job growth for ml infra engineers expected to keep going", "through 2031"),
    ],
)
def test_words_no_document_uses_do_not_decline_a_question_the_corpus_answers(chain, question, answered):
    result = ask(chain, question)
    assert_grounded(result)
    assert answered in result["answer"]


@pytest.mark.parametrize(
    ("question", "first_entry"),
    [
        # The lead-in "... often face the following challenges:" says what its list is in the question's words.
        ("What are the main challenges senior ML infrastructure engineers face?", "Scalability and Resource Management"),
        ("What best practices should a senior ML infra engineer follow?", "Infrastructure Design and Implementation"),
    ],
)
def test_a_list_is_named_by_its_lead_in_as_well_as_its_heading(chain, question, first_entry):
    answer = ask(chain, question)["answer"]
    assert answer.startswith(first_entry) and answer.count("\n- ") >= 9, answer


def test_what_is_asked_of_a_named_thing_must_be_what_the_answer_speaks_of(chain):
    # The corpus names Roblox only for its pay: its stock price is not the pay.
    assert ask(chain, "What is Roblox's current stock price?")["grounded"] is False
    answered = ask(chain, "What is Roblox's pay for Senior/Principal roles?")
    assert_grounded(answered)
    assert "$233,840" in answered["answer"]


def test_a_refusal_names_what_the_corpus_does_not_mention(chain):
    result = ask(chain, "What do they earn in Texas?")
    assert result["grounded"] is False and result["citations"] == []
    assert result["answer"].startswith(
        "The documents I have don't mention Texas, so I can't answer that without guessing. "
        "I can help with questions about: Overview, Core Responsibilities,"
    )


@pytest.mark.parametrize(("question", "quoted"), [
    ("what does an ml infra engineer do all day?", "Develop automation strategies for software and ML model deployments"),
    ("ml infra salary california", "California average: ~$170,193 base salary for senior roles"),
    # "deal" after "might they" is a verb, not an unknown thing
    ("what kind of clients might they deal with", "Ability to work with international clients and non-technical teams"),
    # a level of the role is no other profession, and a question opening on the pay asks an amount, not the perks
    ("what is the pay for the experienced tier?", "Experienced: $130,000 - $160,000"),
    ("pay for the 'experienced' tier?", "Experienced: $130,000 - $160,000"),
    # "how much of" asks a share, which words say
    ("how much of the ML platform would a senior person be expected to take ownership of?",
     "Desire to take ownership of large parts of the ML platform."),
    # probes RD and RB: what decides the pay is its factors, not an amount
    ("what factors affect how much you get paid", "Years of experience"),
    # "the work" is the noun, not "how does X work?" asking for an explanation
    ("how does the work at entry/mid level differ from mid-to-senior?", "Develop and implement ML models"),
    # "the overview gives one salary" is a clause, no role's salary
    ("the overview gives one salary range and the 2024 section gives another - how do they compare?",
     "Range: $110,000 - $180,000+ annually"),
    # clipped words are written out before the question is embedded (probe RB)
    ("whats the avg annual salary in the 2024 us breakdown", "Average: $130,000 - $140,000 annually"),
    ("do i need a lot of math for this", "Strong mathematics background"),
    # why the pay differs asks its factors too; "extra comp" is "Additional Compensation"
    ("why do two ml infra engineers get paid really differently", "Company size and industry"),
    ("any extra comp beyond base salary?", "Profit-sharing plans"),
    # a how-to in words no document uses, meaning a statement that uses the rest (probe RE)
    ("how do i stop drowning in alerts", "Reducing alert fatigue through smart alerting systems"),
    # ... whose task ends with its question, not with a remark after it (probe RF)
    ("how should I evaluate an offer for one of these roles? any advice in there?", "consider the total compensation package"),
    # clipped words written out before a role is looked for: "ppl" is no role the document is not about (probe RF)
    ("how many yoe do they ask for in the requirements?", "5+ years of hands-on experience"),
    ("what do ppl do at the mid-to-senior stage?", "Lead large-scale projects from conception to deployment"),
    # a judgement the document does make: a statement setting one first answers it (probe RG)
    ("should I start with a complex model or a simple one, which is better?", "Start with simple models"),
    # after "did", a closing word that can be a verb is the clause's, no thing the demand is asked of
    ("did the demand for ML engineers fall in 2023?", "Slight dip in overall ML role demand in 2023"),
    # how a part or the whole ends: its closing prose, which shares no words with the asking (probe RE)
    ("how does the requirements section wrap up?", "Meeting these requirements positions a Senior ML Infrastructure Engineer"),
    ("what does the doc say at the very end?", "Addressing these challenges requires a comprehensive approach"),
    # sections asked for in everyday words: whom one works with, a week in the job (probes RF, RE)
    ("who do these engineers work alongside?", "Work closely with ML researchers, data scientists, and software engineers"),
    ("what does a typical week look like for them?", "Automation and Integration"),
    # a prediction one statement makes; a "will" question naming no time ahead asks how things stand
    ("will my pay go up as I gain experience?", "Potential for higher earnings with career progression"),
    ("will demand keep growing in the coming years?", "projected through 2031"),
    # the entry titled by the thing asked leads, though statements using its words more often rank above it
    ("What problem-solving abilities are expected?", "Problem-Solving: Critical thinking and creative approach"),
])
def test_everyday_questions_of_the_role_probes_are_answered(chain, question, quoted):
    result = ask(chain, question)
    assert_grounded(result)
    assert quoted in result["answer"], result["answer"]


def test_a_list_of_sub_sections_shows_what_each_holds_not_only_its_heading(chain):
    # Probe RC: the challenges asked in other words had been answered with the fourteen group names alone.
    answer = ask(chain, "what keeps these engineers up at night?")["answer"]
    lines = answer.splitlines()
    assert len(lines) == 14 and lines[5] == "- Alert Management: Reducing alert fatigue through smart alerting systems [6]", answer
    # Five parts of the requirements, up to three entries each; a part holding only groups of its own shows theirs.
    answer = ask(chain, "what should i brush up on before applying?")["answer"]
    assert "- Technical Skills: Strong skills in Python, Java, or Scala." in answer and answer.count("\n- ") == 13, answer


def test_a_place_written_in_lower_case_is_named_in_a_refusal_as_a_place(chain):
    assert ask(chain, "ml infra engineer salary london")["answer"].startswith("The documents I have don't mention London, ")


def test_names_are_found_beyond_the_first_word():
    assert names_in("Is Docker needed? And Kubernetes?") == ["Docker", "Kubernetes"]
    assert names_in("What does Google's process look like in CA?") == ["Google", "CA"]


@pytest.mark.parametrize(
    "question, amount",
    [("How many years of experience does a senior engineer need?", "5+ years"),
     ("How long does it take to reach the senior level?", "7-10+ years")],
)
def test_a_question_asking_for_an_amount_is_answered_by_statements_that_state_one(chain, question, amount):
    result = ask(chain, question)
    assert_grounded(result)
    assert amount in result["answer"]
    assert all(re.search(r"\d", statement["text"]) for statement in result["statements"])


REFUSAL_PROBES = [
    "What are the salary ranges?", "What do they earn in Texas?", "How do I bake sourdough bread?",
    "What level is sea level?", "Which colleagues do these infra folks partner with day to day?",
    "Is there a retirement plan?", "What is Roblox's current stock price?", "Did that hit senior positions too?",
    "What insurance coverage is typical?", "Who won the 2018 FIFA World Cup?",
]


def test_refusals_do_not_move_when_the_answer_shaping_weights_do(services):
    shaped = build_chain(services.settings.model_copy(update={"section_weight": 0.0, "keyword_weight": 0.0}),
                         services.retriever)
    for question in REFUSAL_PROBES:
        usual, reweighted = ask(services.chain, question), ask(shaped, question)
        assert usual["grounded"] == reweighted["grounded"], question


def test_a_question_a_passage_asks_is_never_quoted_and_frames_the_answers_after_it():
    text = "Q: Are partners covered?\nA: Yes, when they are a tax dependent. Spouses always are.\nBenefits"
    chunk = StoredChunk("faq-1", text, text, "faq.txt", "FAQ", "FAQ", 0, len(text), "pph")
    statements = passage_statements(chunk)
    assert [(s.kind, s.text, s.asked) for s in statements] == [
        ("question", "Q: Are partners covered?", ""),
        ("prose", "A: Yes, when they are a tax dependent.", "Q: Are partners covered?"),
        ("prose", "Spouses always are.", "Q: Are partners covered?"),
        ("heading", "Benefits", ""),  # a heading ends what the question frames
    ]
    assert not statements[0].quotable


@pytest.mark.parametrize(
    ("question", "answer"),
    [("Which provisioning tool is recommended for consistent automated deployments?", "Terraform"),
     ("What framework is suggested for distributed computing?", "Apache Spark")],
)
def test_a_question_for_one_thing_gets_the_statement_naming_it_not_a_list(chain, question, answer):
    result = ask(chain, question)
    assert_grounded(result)
    assert answer in result["answer"].splitlines()[0]


def test_a_count_the_documents_never_state_is_declined(chain):
    # Statements with a number in them ("S3") do not count engineers.
    result = ask(chain, "How many interviews are in the hiring process?")
    assert result["grounded"] is False and result["citations"] == []


def test_clipped_words_are_written_out_whole_words_only():
    assert written_out("Avg pay after 5 yrs? k8s and maths, not an avgas engine, in Google Docs") == (
        "average pay after 5 years? Kubernetes and mathematics, not an avgas engine, in Google Docs")
    assert written_out("how many yoe? which regs?") == "how many years of experience? which regulations?"
    assert written_out("how many devs? can I wfh? any certs?") == "how many developers? can I work from home? any certifications?"
    # A word of the title of a document the question names is its name, in lower case too (probe Z15's "Read the Docs").
    assert written_out("how big is the read the docs team", {"read", "doc"}) == "how big is the read the docs team"
    assert written_out("any docs on the uni?") == "any documentation on the university?"


def test_versions_are_numbers_with_a_point_and_no_amount():
    assert versions_in("Terraform 1.5 or 1.6, Python 3.12.1? Not $1.5k, 1.5x, 2.5% or 3.5 % of it") == ["1.5", "1.6", "3.12.1"]


def test_years_are_four_figures_of_this_or_the_last_century_and_no_amount():
    assert years_in("salaries in 2030, the 2018 World Cup, 2024-2025; not $2030, 2030.5, 12030 or 1850") == [
        "2030", "2018", "2024", "2025"]


def test_a_state_or_office_named_after_its_holder_is_said_by_the_holder_too():
    assert term_choices("maintainership sponsorship hardship") == [
        frozenset({"maintainership", "maintainer"}), frozenset({"sponsorship", "sponsor"}), frozenset({"hardship"})]


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("Infrastructure as code (e.g. Terraform, Pulumi) is a plus. Go is too.",
         ["Infrastructure as code (e.g. Terraform, Pulumi) is a plus.", "Go is too."]),
        ("Report to J. Doe. Start on Monday.", ["Report to J. Doe.", "Start on Monday."]),
        ("We use Go. Python too.", ["We use Go.", "Python too."]),
        ("Hours are 9:00 a.m. – 5:00 p.m. (CET), Monday to Friday.", ["Hours are 9:00 a.m. – 5:00 p.m. (CET), Monday to Friday."]),
    ],
)
def test_sentences_do_not_end_at_abbreviations_or_initials(text, sentences):
    assert [text[start:end] for start, end in split_sentences(text)] == sentences


def test_streaming_yields_statements_first_and_adds_up_to_invoke(chain):
    question = {"question": "What are the best practices for monitoring?", "history": []}
    chunks = list(chain.stream(question))
    answer_pieces = [c["answer"] for c in chunks if "answer" in c]
    assert len(answer_pieces) >= 2, "the answer should arrive one statement at a time"
    assert "answer" in chunks[0] and "citations" not in chunks[0]
    assert "".join(answer_pieces) == chain.invoke(question)["answer"]
    assert chunks[-1]["grounded"] is True and chunks[-1]["citations"]


# --- Several documents -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def multi_chain(multi_services):
    return multi_services.chain


def titles_of(result: dict) -> list[str]:
    """The documents an answer quotes, as it names them."""
    return list(dict.fromkeys(s["document"] for s in result["statements"]))


def test_with_several_documents_an_answer_says_which_document_it_is_from(multi_chain):
    result = ask(multi_chain, "How long is an on-call shift at Marrowbay?")
    assert result["grounded"], result["answer"]
    assert "one week" in result["answer"]
    assert {c["source"].rsplit("/", 1)[-1] for c in result["citations"]} == {"marrowbay-sre-oncall-handbook.txt"}
    (title,) = titles_of(result)
    assert result["answer"].splitlines()[0] == f"From {title}:"
    assert_grounded(result, attributed=True)


def test_a_question_naming_two_documents_is_answered_from_each_under_its_own_title(multi_chain):
    result = ask(multi_chain, "What is the base salary at Northwind and at Kestrelpoint?")
    assert result["grounded"], result["answer"]
    files = [c["source"].rsplit("/", 1)[-1] for c in result["citations"]]
    assert set(files) == {"northwind-data-engineer.txt", "kestrelpoint-staff-platform-engineer.html"}
    assert "$128,000 to $156,000" in result["answer"] and "$196,000 to $232,000" in result["answer"]
    # One group per document, in the order the question names them.
    attributions = [line for line in result["answer"].splitlines() if not line.startswith("- ")]
    assert attributions == [f"From {title}:" for title in titles_of(result)]
    assert files[0] == "northwind-data-engineer.txt"
    assert_grounded(result, attributed=True)


@pytest.mark.parametrize(
    ("question", "files", "said"),
    [
        ("Which of these jobs are hybrid?", {"fernhollow-mlops-engineer.pdf", "northwind-data-engineer.txt"}, "hybrid"),
        # Marrowbay speaks of annual leave only; Lanternfish of neither.
        ("Which jobs offer parental leave?", {
            "brightmoor-compensation-policy.md", "fernhollow-mlops-engineer.pdf", "kestrelpoint-staff-platform-engineer.html",
            "northwind-data-engineer.txt", "quillfeather-product-designer.md",
        }, "parental leave"),
    ],
)
def test_a_question_asking_which_documents_is_answered_by_each_that_says_the_thing_asked(multi_chain, question, files, said):
    result = ask(multi_chain, question)
    assert_grounded(result, attributed=True)
    assert {c["source"].rsplit("/", 1)[-1] for c in result["citations"]} == files
    assert all(said in statement["text"].lower() for statement in result["statements"]), result["answer"]


def test_a_question_asking_which_documents_quotes_at_most_an_answers_worth_and_counts_the_rest(multi_services):
    # Five documents speak of parental leave; an answer of three statements quotes three of them.
    settings = multi_services.settings.model_copy(update={"max_statements": 3})
    result = ask(build_chain(settings, multi_services.retriever), "Which jobs offer parental leave?")
    *answer, closing = result["answer"].splitlines()
    assert closing == "2 more documents mention it too: name one to see what it says."
    assert len({c["source"] for c in result["citations"]}) == 3
    assert sum(line.startswith("From ") for line in answer) == 3


def test_a_named_documents_passages_rank_as_chromas_own_filtered_search_ranks_them(multi_services):
    retriever, question = multi_services.retriever, "What does the on-call rotation pay?"
    vector = retriever.embed_query(question)
    for source in retriever.catalog.documents:
        found = retriever._store._collection.query(
            query_embeddings=[vector.tolist()], n_results=5, where={"source": source}, include=[])["ids"][0]
        ranked = [p.chunk.id for p in retriever.retrieve(question, 5, "dense", vector, {source})]
        assert ranked == found, source


@pytest.mark.parametrize(
    ("question", "heading"),
    [
        # Headed "What you'll be doing" and "What you'll own": the plain name is what a reader asks for.
        ("What is the Quillfeather designer responsible for?", "What you'll be doing"),
        ("What are the responsibilities of Kestrelpoint's Staff Platform Engineer?", "What you'll own"),
        # Asked in everyday words, searched with the plain name they ask for.
        ("What would the Kestrelpoint Staff Platform Engineer be on the hook for?", "What you'll own"),
        # "What we're looking for" lists its entries before its own sub-section, "Nice to have".
        ("What are the requirements for the Quillfeather designer?", "What we're looking for"),
    ],
)
def test_a_section_headed_in_a_job_ads_own_voice_answers_for_its_plain_name(multi_chain, question, heading):
    result = ask(multi_chain, question)
    assert_grounded(result, attributed=True)
    quoted = [s for s in result["statements"] if s["text"].startswith(("Designing", "Golden", "5+ years"))]
    assert quoted, result["answer"]
    sections = {c["section"].rsplit(" > ", 1)[-1] for c in result["citations"]}
    assert sections == {heading}, result["answer"]


def test_a_named_document_that_does_not_mention_a_name_is_refused_by_its_title(multi_chain):
    title = titles_of(ask(multi_chain, "What does a Northwind data engineer earn?"))[0]
    result = ask(multi_chain, "What is the salary of a Northwind data engineer in Texas?")
    assert result["grounded"] is False and result["citations"] == []
    assert result["answer"].startswith(f"{title} doesn't mention Texas, so I can't answer that without guessing. ")
    # The topics offered are that document's sections.
    assert "I can help with questions about: " in result["answer"] and "Salary and benefits" in result["answer"]


@pytest.mark.parametrize("question, company", [
    ("what's netflix's parental leave policy", "Netflix"),
    ("does shopify have unlimited pto", "Shopify"),
    ("how much pto at airbnb?", "Airbnb"),
    ("netflix parental leave?", "Netflix"),  # opening the question (probe Z4)
])
def test_a_company_no_document_names_written_in_lower_case_is_refused_by_name(multi_chain, question, company):
    """Probe Z3: "does shopify have unlimited pto" had been answered with another company's time off."""
    result = ask(multi_chain, question)
    assert result["grounded"] is False and result["citations"] == []
    assert "mention" not in result["answer"] or f"mention {company}, " in result["answer"], result["answer"]


def test_a_misspelt_company_of_the_corpus_or_a_clipped_word_in_lower_case_is_no_unknown_company(multi_chain):
    assert "mention Non-Coding" not in ask(multi_chain, "non-coding ways to help at quillfeather?")["answer"]  # probe Z4
    for question in ("how long is an on-call shift at marowbay?", "does marrowbay's on-call pay cover infra?"):
        answer = ask(multi_chain, question)["answer"]
        assert "mention Marowbay" not in answer and "mention Infra" not in answer, answer


def test_a_named_document_that_does_not_say_is_not_answered_from_other_documents(multi_chain):
    title = titles_of(ask(multi_chain, "Does the Quillfeather role require a degree?"))[0]
    # Only other documents in the corpus mention equity.
    result = ask(multi_chain, "Does the Quillfeather product designer role offer equity?")
    assert result["grounded"] is False and result["citations"] == []
    assert result["answer"].startswith(
        f"{title} doesn't say, and I won't answer about it from other documents. I can help with questions about: "
    )
    assert "RSU" not in result["answer"] and "equity" not in result["answer"].split("questions about:")[1].lower()


def test_with_several_documents_an_out_of_scope_question_offers_the_documents(multi_chain, multi_services):
    result = ask(multi_chain, "What is the capital of France?")
    assert result["grounded"] is False and result["citations"] == []
    assert result["answer"].startswith(REFUSAL)
    titles = multi_services.retriever.topics()
    assert len(titles) == 7 and result["answer"] == f"{REFUSAL}{', '.join(titles)}."


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("How much does a nurse earn?", "nurse"),
        ("What's the typical salary of an airline pilot?", "airline pilot"),
        ("What does a high-school teacher make a year?", "high-school teacher"),
        ("What would a dentist's salary be?", "dentist"),
        ("Do I need a master's degree to get hired?", None),  # the asker, not a role
        ("What is the pay for a nurse?", "nurse"),
        ("Does Tern pay for a coworking space?", None),  # "pay" the verb: a coworking space is no role
        ("What does a nurse at Northwind earn?", "nurse"),  # whose nurse, not part of the role
        ("Which area does Zone A cover in Tern's pay ranges?", None),  # "A" is Zone A's, no article (probe I)
        ("What do part-time staff need to qualify for the holiday benefit?", None),  # anyone employed (probe J)
        ("What does a part-time nurse need?", "part-time nurse"),
        ("How much annual leave do secondary school teachers in Ireland get?", "secondary school teachers"),  # probe J
        ("How many days off do new hires get?", None),
        ("How big a bonus can the Tern ML engineer get?", None),  # its own role, whose initials a heading used (probe I)
        ("How many vacation days does a commercial airline pilot usually get per year?", "commercial airline pilot"),
        ("How much does a nurse typically earn?", "nurse"),  # how often, not whose
        ("What per diem do airline pilots get on layovers?", "airline pilots"),  # what they get (probe O)
        ("What does a beekeeper do day to day?", "beekeeper"),  # what they do
        ("What do I do if my card is lost?", None),
        ("Does Astropy make public the names of people it pays?", None),  # "make public" earns nothing (probe R)
        ("Do I absolutely need a master's degree for the job?", None),  # the asker is no role (probe R)
        ("How much experience would a PhD holder need for the role?", None),  # nor an applicant (probe Q)
        ("What does PostgresML pay data scientists?", "data scientists"),  # "pay" the verb, with its payee (probe T)
        ("What is the career path for content designers at GDS?", "content designers"),  # a ladder's people (probe U)
        ("What does Acme pay?", None),
        ("the overview gives one salary range and the 2024 section gives another", None),  # a verb: a clause (probe RD)
        ("what's a journeyman electrician's hourly rate", "journeyman electrician"),  # pay by the hour (probe Z4)
        ("plumber day rate in texas?", "plumber"),
        ("what is the growth rate of the market?", None),
        ("how much pto do full timers get at milliman", None),  # anyone employed full time (probe Z3)
    ],
)
def test_the_role_a_pay_question_is_about_is_found(question, role):
    assert roles_asked_about(question) == ([role] if role else [])


def test_how_long_is_answered_by_a_span_of_time_or_declined(multi_chain):
    # "between 22:00 and 07:00 ... a paid recovery morning" shares a word and has numbers, but no span.
    assert ask(multi_chain, "How long is the recovery after a marathon?")["grounded"] is False
    answered = ask(multi_chain, "How long should the take-home SQL exercise take at Northwind?")
    assert_grounded(answered, attributed=True)
    assert "about two hours" in answered["answer"]


def test_the_pay_of_a_role_no_document_is_about_is_refused_by_name(multi_chain):
    # Every document states a salary, so only the role tells this question apart from an answerable one.
    result = ask(multi_chain, "What does a high-school teacher make a year?")
    assert result["grounded"] is False and result["citations"] == []
    assert "don't mention high-school teacher" in result["answer"]
    answered = ask(multi_chain, "What does a Northwind data engineer make a year?")
    assert answered["grounded"] is True and "$128,000" in answered["answer"]


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # Whether a skill is required is settled by the heading it is listed under.
        ("Is service mesh experience required for Kestrelpoint's Staff Platform Engineer?",
         "Bonus points: Experience with a service mesh such as Istio or Linkerd"),
        ("Does Northwind require Kubernetes experience?", "Nice to have: Some exposure to Kubernetes"),
        # A degree named by its short form is a degree the documents speak of, not a name they never use.
        ("Does Kestrelpoint require a PhD?", "Requirements: We do not require a college degree for this role."),
        ("Do I need a PhD to work at Northwind?", "What you'll need: A bachelor's degree in computer science or a related field, or equivalent practical experience"),
    ],
)
def test_a_yes_no_answer_shows_the_heading_that_settles_it(multi_chain, question, shown):
    result = ask(multi_chain, question)
    assert_grounded(result, attributed=True)
    assert result["answer"].splitlines()[1].startswith(f"- {shown} [")
    # A what-question about a list is answered by its entries, each standing alone.
    listed = ask(multi_chain, "What are the nice-to-have skills for the Northwind data engineer?")
    assert all(statement["heading"] == "" for statement in listed["statements"])


def test_a_question_closer_to_a_lead_in_than_to_any_statement_gets_the_whole_list_it_introduces(multi_chain):
    # "Typical work includes:" introduces six items, which run on into the section's next passage.
    result = ask(multi_chain, "What is the typical work of an SRE at Marrowbay?")
    assert_grounded(result, attributed=True)
    quoted = [s["text"] for s in result["statements"]]
    assert quoted[0].startswith("Running and upgrading our Kubernetes clusters")
    assert quoted[-1] == "Coaching product teams on service level objectives and error budgets"
    assert len(quoted) == 6 and len({c["id"] for c in result["citations"]}) == 2


def test_a_list_asked_of_a_named_document_and_nothing_else_is_its_top_level_sections(multi_chain):
    result = ask(multi_chain, "List all the parts of the Marrowbay handbook, from first to last.")
    assert_grounded(result, attributed=True)
    assert [s["text"] for s in result["statements"]] == [
        "Purpose", "The SRE role", "How the rotation works", "Pay and time off for on-call", "Handover",
        "Looking after yourself"]
    # Naming no document, or asking for something a document does speak of, is not asking for its outline.
    assert ask(multi_chain, "List the planets of the solar system.")["grounded"] is False
    perks = ask(multi_chain, "List the benefits of the Northwind data engineer job.")
    assert "16 weeks of paid parental leave for every new parent" in [s["text"] for s in perks["statements"]]


def test_questions_full_of_new_words_leave_every_cache_within_its_bound(indexed_settings):
    settings = indexed_settings.model_copy(update={"cache_entries": 100})
    retriever = open_retriever(settings)
    scorer = StatementScorer(retriever.embed_documents, retriever.idf, retriever.corpus_form, settings)
    question = retriever.embed_query("salary")
    for n in range(300):
        retriever.corpus_form(f"zorblax{n}")
        scorer.similarities(question, [f"quintessa {n}"])
    assert retriever._snapshot.corpus_form.cache_info().currsize == 100
    assert scorer._cache.currsize == 100
    # What was evicted is worked out again, the same.
    (salary,) = content_terms("salary")
    assert retriever.corpus_form("zorblax0") is None and retriever.corpus_form(salary) == salary


def test_an_attribute_of_a_named_document_must_be_what_its_answer_speaks_of(multi_chain):
    # Marrowbay speaks of its peak season, never of revenue; Kestrelpoint of a home office stipend, not an address.
    # Nor is Northwind's annual revenue its pay and benefits, a list headed "Salary and benefits" (probe J).
    for question in ("What is Marrowbay's peak season revenue?", "What is Kestrelpoint's home office address?",
                     "What is Northwind's annual revenue?"):
        result = ask(multi_chain, question)
        assert result["grounded"] is False and result["citations"] == [], result["answer"]
        assert "doesn't say" in result["answer"]
    answered = ask(multi_chain, "What is Marrowbay's on-call compensation?")
    assert_grounded(answered, attributed=True)
    assert "£400 per week" in answered["answer"]
    # A comparison asks each side for its own attribute: Lanternfish's ladder is not Marrowbay's to speak of.
    compared = ask(multi_chain, "Compare the levels on Marrowbay's SRE ladder with the ones on Lanternfish's programmer ladder.")
    sources = {c["source"].rsplit("/", 1)[-1] for c in compared["citations"]}
    assert sources == {"marrowbay-sre-oncall-handbook.txt", "lanternfish-programmer-career-ladder.docx"}


# A second document, of another company and role, so that a corpus holds several and a question must name its own.
OTHER_DOCUMENT = {"kiln-designer.md": "# Product Designer at Kiln Studio\n\n## Pay\n\nThe salary is £60,000 a year.\n"}


def chain_over_documents(tmp_path, texts: dict[str, str]):
    """A chain over a corpus of Markdown documents written for the test, by file name, indexed afresh."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in texts.items():
        (corpus / name).write_text(text)
    settings = make_settings(tmp_path, corpus_dir=corpus)
    ingest([corpus], settings, show_progress=False)
    return build_chain(settings)


def module_chain(folder: str, texts: dict[str, str]):
    """A module-scoped fixture: a chain over these documents, indexed once for the module's tests."""
    @pytest.fixture(scope="module")
    def chain(tmp_path_factory):
        return chain_over_documents(tmp_path_factory.mktemp(folder), texts)
    return chain


def chain_over_one_document(tmp_path, name: str, text: str):
    return chain_over_documents(tmp_path, {name: text})


def test_things_asked_for_in_the_plural_get_the_list_beside_a_note_that_speaks_of_it(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "tern-data-analyst.md",
        "# Data Analyst at Tern Freight\n\nWe move fresh produce across the Baltic by sea and rail.\n\n"
        "## What you will do\n\n* Build the weekly volume dashboards\n* Answer questions from the sales team\n\n"
        "## What we give you back\n\n* A yearly learning budget of 900 euros\n* Six weeks of paid holiday\n"
        "* A new laptop of your choice\n\n*Please note that benefits differ a little between our offices.*\n",
    )
    answer = ask(chain, "What benefits come with the Tern Freight data analyst role?")["answer"]
    assert "benefits differ a little" in answer
    assert all(entry in answer for entry in ("learning budget of 900 euros", "Six weeks of paid holiday", "new laptop"))
    # Asked about the note's own subject, in the singular, the note answers alone.
    assert "laptop" not in ask(chain, "What does Tern Freight say about differences between its offices?")["answer"]


def test_a_statement_ending_in_eg_is_quoted_with_its_examples_up_to_the_next_that_has_its_own(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "otterbank-engineer-levels.md",
        "# Otterbank engineer levels\n\n## Level 3\n\n### Delivery\n\n"
        "* Keeps customer records safe in everything they build, e.g.\n"
        "  * Backups are encrypted\n  * Test systems only hold made-up customers\n  * Old records are deleted after six years\n"
        "* Makes releases boring, e.g.\n  * Ships behind feature flags\n  * Rolls back within five minutes\n",
    )
    answer = ask(chain, "What does a level 3 engineer do to keep customer records safe?")["answer"]
    # The examples were never quoted: the answer was the sentence ending "e.g." alone.
    assert all(example in answer for example in ("Backups are encrypted", "made-up customers", "after six years"))
    assert "feature flags" not in answer  # the next entry's examples, which the passage's text does not nest


def test_how_many_is_answered_by_a_number_of_the_thing_asked_about(multi_chain):
    # "Engineers on the rotation receive ... £400 per week" names engineers and a number, but counts pounds.
    result = ask(multi_chain, "How many engineers are on the Marrowbay on-call rotation?")
    assert_grounded(result, attributed=True)
    assert "ten engineers" in result["statements"][0]["text"]
    assert "£400" not in result["answer"]


@pytest.mark.parametrize(
    ("follow_up", "expected", "section"),
    [
        ("And what comes after that level?", "Sets technical direction", "Programmer IV"),
        ("And the level below?", "Owns a feature from design", "Programmer II"),
    ],
)
def test_a_follow_up_can_move_along_a_ladder_from_the_level_just_answered(multi_chain, follow_up, expected, section):
    history = [
        {"role": "user", "content": "What does a Programmer III do at Lanternfish?"},
        {"role": "assistant", "content": "A Programmer III designs systems used by several features and leads technical planning."},
    ]
    result = ask(multi_chain, follow_up, history)
    assert expected in result["answer"], result["answer"]
    assert {citation["section"].rsplit(" > ", 1)[-1] for citation in result["citations"]} == {section}
    assert_grounded(result, attributed=True)


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # A place or company a document names, asked about something no document speaks of.
        ("What is the weather like in Denver?", False),
        ("What is the population of Pittsburgh?", False),
        ("What is the stock price of Brightmoor?", False),
        ("Does Quillfeather offer a gym membership?", False),
        ("Does Fernhollow offer free lunch?", False),  # its "free on-site parking" is not what is asked
        # The same shape, asking what the named document does say.
        ("What is the tech stack at Northwind?", True),
        ("What is the interview process at Fernhollow?", True),
        ("Does Fernhollow provide a pension?", True),
    ],
)
def test_what_is_asked_of_a_named_thing_after_it_must_be_what_the_answer_speaks_of(multi_chain, question, answered):
    result = ask(multi_chain, question)
    assert result["grounded"] is answered, result["answer"]


def test_a_question_for_a_person_is_not_answered_with_a_section_sharing_one_of_its_words(multi_chain):
    # "How we work" shares "work" with the question; the people are in the role's own sentence.
    result = ask(multi_chain, "Who would the Quillfeather designer work with?")
    assert "working in a squad with a product manager" in result["answer"].splitlines()[1], result["answer"]
    assert "remote-first" not in result["answer"]


@pytest.mark.parametrize(
    ("question", "part"),
    [
        # The heading's aside "(7-10+ years experience)" qualifies it; "career" is in the headings above it;
        # "senior" is one of the document's own words, and the heading's too.
        ("What is involved in the mid-level to senior stage of the career?", "Mid-Level to Senior (7-10+ years experience)"),
        ("What does the mid-level to senior stage involve?", "Mid-Level to Senior (7-10+ years experience)"),
        ("What does the mid-level to senior phase of the career look like?", "Mid-Level to Senior (7-10+ years experience)"),
        ("What do engineers do at the entry-level to mid-level stage?", "Entry-Level to Mid-Level"),
    ],
)
def test_a_part_named_by_its_heading_answers_with_its_entries_only(chain, question, part):
    result = ask(chain, question)
    assert len(result["citations"]) == 1 and result["citations"][0]["section"].endswith(f" > {part}"), result["answer"]
    assert len(result["answer"].splitlines()) == 3, result["answer"]  # its three entries


def test_own_is_a_word_that_asks_something(multi_chain):
    # "own" was a stopword ("their own"), so the question lost its one word and matched the company's name.
    result = ask(multi_chain, "What will the Kestrelpoint staff platform engineer own?")
    assert "Golden paths for new services" in result["answer"], result["answer"]
    assert "What you'll own" in result["citations"][0]["section"]


def test_the_keyword_search_knows_the_everyday_words_the_statements_are_scored_with(chain):
    # "pitfalls" is the corpus's "challenges" for the scorer; the keyword ranking must find those passages too.
    result = ask(chain, "What pitfalls do these engineers face?")
    assert result["citations"] and all(" > Common Challenges > " in c["section"] for c in result["citations"]), result["answer"]


@pytest.mark.parametrize(
    "question",
    [
        # "earn" says nothing else: the identity words ("engineers", "role") matched a sentence about the role.
        "What do engineers in this role earn?",
        # An amount of money, not any quantity: "annual bonuses" is not what anyone earns.
        "What does a Senior ML Infrastructure Engineer earn?",
        # Pay asked after "what" is its amount: these got the factors that influence salary, and the benefits.
        "What is the top-end pay at big tech firms?",
        "Roughly what do these engineers get paid?",
        "What is the highest salary mentioned?",
        # "experienced" only qualifies the title's profession: no other role's pay.
        "What do experienced engineers earn?",
    ],
)
def test_what_someone_earns_is_an_amount_of_money(chain, question):
    result = ask(chain, question)
    assert "$" in result["answer"].splitlines()[0], result["answer"]


def test_two_documents_named_where_a_role_would_be_are_not_an_unknown_role(multi_chain):
    # "Do Lanternfish and Marrowbay require ...?" reads like "Does a nurse require ...?": the names are documents.
    result = ask(multi_chain, "Do Lanternfish and Marrowbay require a degree?")
    assert result["grounded"], result["answer"]
    files = {c["source"].rsplit("/", 1)[-1] for c in result["citations"]}
    assert files == {"lanternfish-programmer-career-ladder.docx", "marrowbay-sre-oncall-handbook.txt"}
    assert "doesn't mention nurse," in ask(multi_chain, "What does a nurse at Northwind earn?")["answer"]


def test_a_short_word_meets_the_corpus_in_its_other_forms(tmp_path):
    # The stemmer leaves words this short whole: "tune" and "tuning" met only as forms of one word. "Does the
    # Flex ML engineer tune hyperparameters?" had been refused, "tune" being a thing no document names.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wren-ml-engineer.md").write_text("# ML Engineer at Wren Labs\n\n* Run experiments and keep tuning hyperparameters\n")
    settings = make_settings(tmp_path, corpus_dir=corpus)
    ingest([corpus], settings, show_progress=False)
    retriever = open_retriever(settings)
    (tune,), (tuning,) = content_terms("tune"), content_terms("tuning")
    assert tune != tuning and retriever.corpus_form(tune) == tuning


def test_a_derived_word_meets_the_corpus_in_the_word_it_is_derived_from(tmp_path):
    """ "highly proficient" met no "proficiency" (probe O); "general" is still no form of "generate"."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wren-data-lead.md").write_text("# Data Lead at Wren Labs\n\n* High degree of proficiency in SQL\n"
                                              "* Generate weekly reports\n")
    settings = make_settings(tmp_path, corpus_dir=corpus)
    ingest([corpus], settings, show_progress=False)
    retriever = open_retriever(settings)
    (proficient,), (proficiency,) = content_terms("proficient"), content_terms("proficiency")
    assert retriever.corpus_form(proficient) == proficiency
    (general,) = content_terms("general")
    assert retriever.corpus_form(general) is None


def test_a_thing_to_define_or_explain_is_answered_only_by_statements_using_all_of_it(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "wren-platform-engineer.md",
        "# Platform Engineer at Wren Labs\n\n## What you will do\n\n* Keep our large Kubernetes clusters healthy\n"
        "* Run the on-call rotation for the platform team\n\n## Levels\n\n* Each level adds scope: the next level leads a team\n"
        "\n## Pay\n\n* The salary is 140,000 to 170,000 dollars\n* A pension scheme with a 5% employer match\n",
    )
    # Each shares a word ("Kubernetes", "level") with a statement that defines nothing of what is asked.
    # ... however it ends ("load balancing", probe H).
    for question in ("How do Kubernetes schedulers work?", "What is sea level?", "How does the teachers' pension scheme work for new hires?",
                     "How does Kubernetes load balancing work?"):
        assert ask(chain, question)["grounded"] is False, question
    assert "on-call rotation" in ask(chain, "How does the on-call rotation work at Wren Labs?")["answer"]
    assert "140,000" in ask(chain, "What is the salary?")["answer"]
    assert "Kubernetes clusters" in ask(chain, "What are the Kubernetes clusters?")["answer"]


def test_a_task_to_explain_is_answered_only_by_one_statement_speaking_of_all_of_it(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "wren-analytics-engineer.md",
        "# Analytics Engineer at Wren Labs\n\n## What you will do\n\n* Build pipelines in SQL and dbt\n"
        "* Design data models for finance\n\n## Applying\n\n"
        "* Email jobs@wren.example to request an accommodation during the interviews\n",
    )
    # Its words are spread over two statements, neither of which says how.
    assert ask(chain, "How do I write a dbt model?")["grounded"] is False
    # What to do is one statement's; when it is done ("when applying") need not be.
    assert "jobs@wren.example" in ask(chain, "How do I request an accommodation when applying to Wren Labs?")["answer"]


def test_where_a_job_is_based_is_its_bylines_work_place_before_the_bodys_offices(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "wren-data-engineer.md",
        "# Data Engineer at Wren Labs\n\nWren Labs | Porto, Portugal, Open to Remote\n\n"
        "## About us\n\nWe build freight software, with offices in London and Lisbon.\n\n"
        "## What you will do\n\n* Build our data pipelines\n* Keep the warehouse tidy\n\n"
        "## Benefits\n\n* A home-office budget for remote employees\n* Free lunch\n",
    )
    # The byline shares no word with the question, and scored below the refusal threshold.
    answer = ask(chain, "Where is the Wren Labs Data Engineer role based?")["answer"]
    assert "Porto, Portugal, Open to Remote" in answer and "home-office" not in answer


def test_pay_compared_across_named_documents_is_each_ones_stated_amount_not_its_perks(tmp_path):
    chain = chain_over_documents(tmp_path, {
        "wren-security-engineer.md": "# Security Engineer at Wren Labs\n\nWren Labs | Remote (USA) | USD $150,000~$265,000\n\n"
        "## Benefits\n\n* Stock options for every hire\n* Professional development budget\n* Mentoring program\n",
        "tern-data-analyst.md": "# Data Analyst at Tern Freight\n\n## What you will do\n\n* Build the weekly volume dashboards\n\n"
        "## Pay\n\n* The salary is 52,000 to 61,000 euros a year\n",
    })
    answer = ask(chain, "Compare the pay of Wren Labs' Security Engineer and Tern Freight's Data Analyst.")["answer"]
    assert "$150,000~$265,000" in answer and "52,000 to 61,000 euros" in answer
    assert "Stock options" not in answer
    # "Which pays more" asks the same, in other words.
    answer = ask(chain, "Which pays more: the Wren Labs Security Engineer or the Tern Freight Data Analyst?")["answer"]
    assert "$150,000~$265,000" in answer and "52,000 to 61,000 euros" in answer and "Stock options" not in answer
    # The byline names no "pay": its amount says it, however the question puts the owner.
    assert "$150,000~$265,000" in ask(chain, "What is the pay of Wren Labs' Security Engineer?")["answer"]


def test_a_named_documents_pay_is_the_amount_it_states_and_an_abbreviation_meets_its_dotted_spelling(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "wren-security-engineer.md",
        "# Security Engineer at Wren Labs\n\nWren Labs | Remote (USA) | USD $150,000~$265,000\n\n"
        "## What we look for\n\n* Master's or Ph.D. in Computer Science\n* Five years of incident response\n",
    )
    # The byline says no "pay" and scored below the refusal threshold; asked of the named document, it is the answer.
    assert "$150,000~$265,000" in ask(chain, "What's the pay for the Wren Labs Security Engineer?")["answer"]
    # "PhD" and "Ph.D." are one word: the document had been said not to mention a PhD.
    assert "Ph.D." in ask(chain, "Do I need a PhD for the Wren Labs job?")["answer"]
    # A large number is no pay: a document stating none declines.
    (tmp_path / "unpaid").mkdir()
    unpaid = chain_over_one_document(
        tmp_path / "unpaid", "tern-security-engineer.md",
        "# Security Engineer at Tern Freight\n\nOur team of more than 1,700 people ships produce across the Baltic, "
        "backed by investors at a valuation over $3 billion.\n\n"
        "## What we look for\n\n* Minimum of 8 years of experience in security engineering, with a focus on incident response\n"
        "* A security engineer here works closely with our platform engineers\n\n"
        "## Benefits\n\n* 401k Plan with company matching\n* Paid parental leave\n* A gym at the office\n",
    )
    # Nor is a company's worth, nor a retirement plan's name, nor a list of perks.
    assert ask(unpaid, "How much does the Tern Freight Security Engineer earn?")["grounded"] is False
    assert ask(unpaid, "What does Tern Freight pay for the Security Engineer role?")["grounded"] is False
    # Nor is a number of years: asked the pay, a document stating no money says nothing of it.
    assert ask(unpaid, "What does Tern Freight pay its Security Engineer?")["grounded"] is False


def test_two_parts_of_a_document_set_side_by_side_each_answer_under_its_heading(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "wren-engineering-ladder.md",
        "# Wren Labs Engineering Ladder\n\n## Levels\n\n### Engineer I (IC1)\n\n* Fixes well-scoped bugs with guidance\n\n"
        "### Engineer II (IC2)\n\n* Owns a feature from design to release\n* Reviews code from Engineer I colleagues\n\n"
        "### Engineer III (IC3)\n\n* Designs systems several teams depend on\n* Leads planning for a team of four\n",
    )
    result = ask(chain, "What distinguishes Engineer III from Engineer II?")
    answer = result["answer"]
    # Each side, under its own heading; "Engineer II" is not the start of "Engineer III".
    assert "Engineer III (IC3): Designs systems several teams depend on" in answer
    assert "Engineer II (IC2): Owns a feature from design to release" in answer
    assert "Fixes well-scoped bugs" not in answer


def test_two_top_level_parts_named_by_words_of_their_own_each_answer(chain):
    # Probe RF: "the 2024 ... range" names "Salary Ranges (US Market, 2024)" by the word no other part's heading uses.
    answer = ask(chain, "the overview salary range vs the 2024 US salary range - how do they compare?")["answer"]
    assert "Overview: Annual base salaries can range significantly, potentially from $144,000 to $230,000" in answer, answer
    assert "- Salary Ranges (US Market, 2024): Range: $110,000 - $180,000+ annually" in answer, answer
    answer = ask(chain, "monitoring as a responsibility vs monitoring as a best practice - what's the emphasis of each?")["answer"]
    assert "Core Responsibilities: " in answer and "- Best Practices: Implement comprehensive monitoring, alerting" in answer, answer


def test_which_level_questions_are_answered_under_the_heading_or_row_label_that_names_the_level(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "tern-engineering-ladder.md",
        "# Tern Freight Engineering Ladder\n\nHow engineers grow at Tern Freight.\n\n"
        "## Level 1 - Deck Engineer\n\n### Communication\n\n* Writes clear pull request descriptions.\n"
        "* Asks for help when blocked for more than a day.\n\n"
        "## Level 2 - Harbour Engineer\n\n### Communication\n\n* Runs the weekly cargo demo for the sales team.\n"
        "* Keeps the team's runbooks up to date.\n\n"
        "## Planning by level\n\n| Category | Deck Engineer (T1) | Harbour Engineer (T2) |\n|---|---|---|\n"
        "| Planning | Plans their own tasks. Estimates small changes. | Plans whole projects. Owns the quarterly route plan. |\n",
    )
    demo = ask(chain, "At which level are engineers expected to run the weekly cargo demo?")["answer"]
    assert "Level 2 - Harbour Engineer: Runs the weekly cargo demo" in demo
    # A later sentence of a table cell is shown under its row's labels, which name the level.
    route = ask(chain, "Which engineer level owns the quarterly route plan at Tern Freight?")["answer"]
    assert "Category: Planning; Harbour Engineer (T2): Owns the quarterly route plan" in route


def test_what_is_a_named_documents_attribute_is_asked_of_it_not_a_thing_to_define(tmp_path):
    """With the role's name taken out, "What is the Team Health expectation for" read as a term to define,
    which no row spelling out the behaviours did."""
    chain = chain_over_one_document(
        tmp_path, "l3-harbour-engineer.md",
        "# L3 Harbour Engineer\n\n## Culture\n\n| Responsibility | Key Behaviors |\n|---|---|\n"
        "| Team Health | I contribute to a positive sense of community on the team |\n"
        "| Hiring | I interview candidates for my team |\n",
    )
    answer = ask(chain, "What is the Team Health expectation for L3 harbour engineers?")["answer"]
    assert "positive sense of community" in answer


def test_where_a_job_is_based_is_its_bylines_place_even_under_the_roles_own_heading(tmp_path):
    chain = chain_over_documents(tmp_path, {
        "tern-analyst.html": "<html><head><title>Tern Freight - Data Analyst</title></head><body>"
                             "<h2>Data Analyst</h2><div>Ohio - Columbus</div><div>Analytics</div>"
                             "<h3>About us</h3><p>Our headquarters is in Riga, with offices in six countries.</p>"
                             "<p>We move fresh produce across the Baltic by sea and rail.</p></body></html>",
        "kestrel-engineer.md": "# Platform Engineer at Kestrel\n\nNorth America\n\n## Perks\n\n* Dog-friendly office spaces\n",
    })
    assert "Ohio - Columbus" in ask(chain, "Where is the Tern Freight data analyst position based?")["answer"]
    kestrel = ask(chain, "Where is the Kestrel platform engineer job located?")["answer"]
    assert "North America" in kestrel and "Dog-friendly" not in kestrel


def test_a_count_of_the_thing_asked_answers_how_many_in_the_named_document(tmp_path):
    chain = chain_over_documents(tmp_path, {
        "tern-analyst.md": "# Data Analyst at Tern Freight\n\n## About us\n\nWe move fresh produce by sea and rail, and our "
                           "planners work closely with growers and with the buyers at the other end of every route. In "
                           "independent testing by port authorities, Tern's routing tool is the only one proven to cut "
                           "spoilage on long crossings and in summer heat. It is in use in all Baltic ports and across 16 "
                           "countries.\n\n## What you will do\n\n* Build the weekly volume dashboards\n"
                           "* Answer questions from the sales team\n\n## Benefits\n\n* Six weeks of paid holiday\n",
        "kestrel-engineer.md": "# Platform Engineer at Kestrel\n\nNorth America\n\n## About us\n\nKestrel builds software used "
                               "by airlines in many countries. We have offices in ten countries and hire in most countries "
                               "of Europe.\n\n## Perks\n\n* Dog-friendly office spaces\n* Travel to other countries twice a year\n",
    })
    # Below the refusal threshold in meaning (the statement is mostly about testing), it is the count asked for.
    assert "16 countries" in ask(chain, "In how many countries does Tern Freight work?")["answer"]


def test_a_sentence_pointing_at_the_list_below_is_quoted_with_the_list(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "tern-pay.md",
        "# Pay at Tern Freight\n\n## Roles and levels\n\nLevels show how far a role has grown. For simplicity, you can "
        "use the title structure below as a general progression.\n\n1. Deckhand\n2. Mate\n3. Bosun\n4. Captain\n",
    )
    answer = ask(chain, "What is the general title progression at Tern Freight?")["answer"]
    assert all(level in answer for level in ("Deckhand", "Mate", "Bosun", "Captain"))


def test_how_do_i_is_answered_by_a_list_only_when_its_heading_names_what_is_to_be_done(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "tern-specialist.txt",
        "People Development Specialist\nTern Freight\nRemote - Nationwide\n\nABOUT THE ROLE\n\nThis role will focus on "
        "onboarding and training, performance management and employee engagement.\n\nRESPONSIBILITIES\n\n"
        "• New Hire Training for Service Delivery:\n   o Coordinate and lead the new hire experience.\n"
        "   o Support ongoing training across the business.\n   o Maintain new hire documents and resources.\n"
        "   o Attend delivery of Tern university twice a year in Riga.\n\nABOUT TERN\n\n"
        "Tern is the leading carrier of fresh produce across the Baltic.\n\nCome Work for Tern!\n\n"
        "Apply online today at tern.example and learn about life at Tern by following our Careers at Tern LinkedIn!\n"
        "Tern is an Equal Opportunity Employer! Minorities, women, disabled, and veterans encouraged to apply!\n",
    )
    answer = ask(chain, "How do I apply for the Tern specialist job?")["answer"]
    assert "Apply online today" in answer and "new hire experience" not in answer


def test_a_price_is_answered_by_an_amount_of_money_or_not_at_all(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "tern-analyst.md",
        "# Data Analyst at Tern Freight\n\nSince 1984, Tern has sold the Tern Route Report, the SOC 2 audited record "
        "of every crossing, to growers and buyers.\n\n## What you will do\n\n* Build the weekly volume dashboards\n"
        "\n## Pay\n\n* Base salary: 52,000 euros\n\n## Perks\n\n* Employees get the Tern Route Report at no additional charge.\n",
    )
    assert not ask(chain, "How much does the SOC 2 audit cost?")["grounded"]
    assert "no additional charge" in ask(chain, "What does the Tern Route Report cost employees?")["answer"]


def test_is_a_job_remote_is_answered_by_its_statement_of_remote_hybrid_or_office_work(tmp_path):
    chain = chain_over_documents(tmp_path, {
        "tern-analyst.md": "# Data Analyst at Tern Freight\n\n## About the role\n\nYou will own our weekly volume "
                           "dashboards. This is a hybrid role working from our Riga office 3 days per week.\n\n"
                           "## Benefits\n\n* Six weeks of paid holiday\n",
        "kestrel-engineer.md": "# Platform Engineer at Kestrel\n\nNorth America\n\n## Perks\n\n* Dog-friendly office spaces\n",
    })
    assert "hybrid role working from our Riga office" in ask(chain, "Is the Tern Freight analyst job remote?")["answer"]


def test_where_a_job_is_based_is_declined_when_no_statement_names_a_place_or_remote_work(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "tern-analyst.md",
        "# Data Analyst at Tern Freight\n\n## Pay\n\n* Base salary: 52,000 euros\n\n"
        "Note: these figures are estimates and vary based on experience and company policies.\n\n"
        "## What you will do\n\n* Build the weekly volume dashboards\n",
    )
    assert not ask(chain, "Where is the Tern data analyst role based?")["grounded"]


TERN_PARTNERSHIPS = (
    "# Partnerships Manager at Tern Freight\n\n"
    "## What you will do\n\n* Run our alliances with port operators\n* Brief the board on partner deals\n\n"
    "## Requirements\n\n* A degree in economics or law\n\n"
    "## Key skills\n\n* Basic understanding of product management and sales\n* Able to multi-task\n\n"
    "The pay range for this position is 90,000 to 120,000 euros a year.\n\n"
    "Employees may be eligible for discretionary bonuses.\n\n"
    "The Company also offers a generous benefits program.\n\n"
    "The Company offers medical and dental cover and a pension plan.\n\n"
    "## Offers\n\nWhen we make an offer, we let people choose between packages that favour salary or stock options.\n\n"
    "## On call\n\nThe on-call stipend goes to those on the 24x7 rota for at least 30 continuous calendar days.\n\n"
    "## Holidays\n\nStaff who choose to work on a public holiday will not receive additional compensation.\n\n"
    "## Overtime\n\nTeam members receive their overtime pay in the next scheduled pay period.\n"
)


@pytest.fixture(scope="module")
def partnerships_chain(tmp_path_factory):
    return chain_over_one_document(tmp_path_factory.mktemp("partnerships"), "tern-partnerships-manager.md", TERN_PARTNERSHIPS)


@pytest.mark.parametrize(
    ("question", "quoted", "not_quoted"),
    [
        # "When ... makes an offer" had made it a question of when, and "makes" one of pay: the range answered.
        pytest.param("When Tern Freight makes an offer, can I pick more salary or more stock?", "choose between packages",
                     "90,000", id="a clause setting a condition is not the question proper"),
        pytest.param("How long do I have to be on the rota to get the Tern Freight on-call stipend?",
                     "30 continuous calendar days", None, id="how long: a span with words before its unit"),
        # "PM" is no word of the document, but the initials of "Partnerships Manager".
        pytest.param("Does the Tern PM role require a degree?", "degree in economics", None,
                     id="a role named by its title's initials is the document's"),
        # The benefits paragraphs follow the "Key skills" list, some way after it.
        pytest.param("What benefits does Tern Freight offer?", "benefits program", "multi-task",
                     id="a paragraph some way after a list is answered without the list"),
        # Read as asking an amount, it had found none to give and declined.
        pytest.param("If I work on a public holiday at Tern Freight, do I get paid extra?", "will not receive additional compensation",
                     None, id="whether one gets paid is answered without an amount"),
        pytest.param("When do Tern Freight staff get their overtime pay?", "next scheduled pay period", None,
                     id="when: a point in time without a number"),
    ],
)
def test_the_partnerships_ad_answers_each_shape_of_question(partnerships_chain, question, quoted, not_quoted):
    answer = ask(partnerships_chain, question)["answer"]
    assert quoted in answer and (not_quoted is None or not_quoted not in answer), answer


def test_the_pay_of_a_role_the_document_only_mentions_in_passing_is_declined(partnerships_chain):
    # "product" (of "product management") and "manager" (of its title) are both words of the document.
    assert not ask(partnerships_chain, "How much does a product manager earn at Tern Freight?")["grounded"]
    assert "90,000" in ask(partnerships_chain, "How much does the Tern Freight partnerships manager earn?")["answer"]


def test_a_hyphenated_word_meets_its_closed_spelling(tmp_path):
    chain = chain_over_one_document(tmp_path, "tern-perks.md", "# Perks at Tern Freight\n\n## Perks\n\n"
                                    "* A $250 monthly budget for local co-working spaces\n* A yearly rail pass\n")
    # "coworking" had been a thing the document does not mention, and "pay for" the pay of a role.
    assert "co-working spaces" in ask(chain, "Does Tern Freight pay for a coworking space?")["answer"]


@pytest.mark.parametrize(
    ("question", "expected", "sections"),
    [
        # Every level's list shares the words asked; only the number tells them apart (Programmer III's was quoted).
        ("What does a Programmer II do at Lanternfish?", "Owns a feature from design", {"Programmer II"}),
        # What the ladder says of the level elsewhere, its row in the table of every level, still answers.
        ("How much experience does a Programmer III at Lanternfish usually have?", "5 to 9 years", None),
    ],
)
def test_a_question_naming_one_level_of_a_numbered_series_is_answered_from_that_level(multi_chain, question, expected, sections):
    result = ask(multi_chain, question)
    assert expected in result["answer"], result["answer"]
    if sections:
        assert {citation["section"].rsplit(" > ", 1)[-1] for citation in result["citations"]} == sections
    assert_grounded(result, attributed=True)


def test_a_count_asked_with_make_is_no_pay_and_pay_may_be_a_share_of_ones_own(tmp_path):
    """"How many calls ... make?" had been read as asking pay ("make"), and declined for stating none; and
    maternity pay, stated as a share of one's salary, was declined for stating no sum (probe G)."""
    chain = chain_over_one_document(
        tmp_path, "tern-sales-development-representative.md",
        "# Sales Development Representative at Tern Freight\n\n## The role\n\n"
        "You will average 50+ calls to shippers daily and book ten meetings a week.\n\n"
        "## Pay\n\nThe base salary is 42,000 euros a year.\n\n"
        "## Parental leave\n\nWhen your statutory maternity pay ends, Tern Freight pays 80% of your salary for twelve more weeks.\n",
    )
    assert "50+ calls" in ask(chain, "How many calls a day does a Tern Freight sales rep make?")["answer"]
    assert "80% of your salary" in ask(chain, "What maternity pay does Tern Freight give?")["answer"]


def test_a_section_named_by_its_plain_name_answers_however_far_its_entries_are_in_meaning(tmp_path):
    """"nice-to-haves" names "Preferred Qualifications", whose entries share no meaning with the question: it
    was refused below the threshold (probe G)."""
    chain = chain_over_one_document(
        tmp_path, "tern-machine-learning-engineer.md",
        "# Machine Learning Engineer at Tern Freight\n\n**Core Qualifications:**\n\n* Five years of Python\n* Spark in production\n\n"
        "**Preferred Qualifications:**\n\n* Amazon SageMaker or Google Cloud ML\n* Running real-time data applications\n\n"
        "### Accommodations\n\nAsk us for help with your application.\n",
    )
    answer = ask(chain, "What are the nice-to-haves for Tern Freight's machine learning engineer opening?")["answer"]
    assert "SageMaker" in answer and "real-time data applications" in answer and "Five years" not in answer, answer


def test_where_a_job_is_based_is_its_pages_byline_under_a_heading_repeating_its_title(tmp_path):
    """A careers page opens with "Back to search results"; its places are listed under the h1 repeating the
    <title>: the body's "Remote" alone had answered."""
    chain = chain_over_one_document(
        tmp_path, "tern-machine-learning-engineer.html",
        "<html><head><title>Machine Learning Engineer</title></head><body><p>Back to search results</p>"
        "<h1>Machine Learning Engineer</h1><ul><li>Gdansk, Poland</li><li>Riga, Latvia</li></ul>"
        "<h2>About Tern Freight</h2><p>We move fresh produce across the Baltic by sea and rail.</p>"
        "<h2>Benefits</h2><ul><li>Remote work two days a week</li><li>A yearly learning budget</li></ul></body></html>",
    )
    answer = ask(chain, "Where is the Tern Freight machine learning engineer job based?")["answer"]
    assert "Gdansk, Poland" in answer and "Riga, Latvia" in answer, answer


def test_questions_about_the_company_its_values_and_its_amounts_in_words_find_their_statements(tmp_path):
    """Probe H: a company's own nature, asked by its name or with an attribution, had been answered with the
    line naming it; "how often" took "Once the dashboards are live" for a count; "what hours" took any number; and "how much mentoring" wanted a
    number the answer gives in words."""
    chain = chain_over_one_document(
        tmp_path, "tern-data-analyst.txt",
        "Data Analyst\nTern Freight\n\nABOUT TERN FREIGHT\n\n"
        "Tern Freight is a cooperative owned by the growers whose fresh produce it moves across the Baltic.\n\n"
        "THE ROLE\n\nYou will build the dashboards our dispatchers read on every shift. "
        "Once the dashboards are live, you will run them for the dispatch team with one other analyst.\n\n"
        "OUR VALUES\n\nKeep it simple\n\nWe choose the plainest tool that does the job.\n\n"
        "Own the outcome\n\nWe finish what we start, and say so when we cannot.\n\n"
        "PAY AND HOURS\n\nWe review every salary once per year, in March. Core hours run between 10:00 and 15:00. "
        "New analysts get close mentoring from a senior analyst for their first months.\n",
    )
    values = ask(chain, "What are Tern Freight's company values?")["answer"]
    assert "Keep it simple" in values and "Own the outcome" in values, values
    assert "cooperative" in ask(chain, "What kind of organization is Tern Freight?")["answer"]
    assert "cooperative" in ask(chain, "What is Tern Freight's business, according to the data analyst posting?")["answer"]
    often = ask(chain, "How often does Tern Freight review salaries?")["answer"]
    assert "once per year" in often and "Once the dashboards" not in often, often
    assert "10:00 and 15:00" in ask(chain, "What hours does the Tern Freight data analyst work?")["answer"]
    assert "close mentoring" in ask(chain, "How much mentoring does a new analyst get at Tern Freight?")["answer"]
    assert "dispatch team" in ask(chain, "According to Tern Freight, what would the analyst be looking after?")["answer"]


def test_a_company_named_for_its_address_a_series_member_by_ordinal_and_a_name_inside_a_longer_one(tmp_path):
    """Probe H: "Leads.io" was no name of leadsio-progression.md; "the first example" did not name "Example 1:
    Planned work"; and "Senior ML" inside "Block's Senior ML Modeler" named the Senior ML Engineer ad too."""
    chain = chain_over_documents(tmp_path, {
        "leadsio-progression.md": "# Progression Framework\n\nThis is the Leads.io engineering progression framework.\n\n"
        "## Level 3\n\n- Writes clear commit messages and PR descriptions.\n\n## Level 4\n\n- Mentors up to two engineers.\n",
        "tern-out-of-hours.md": "# Out-of-hours work at Tern Freight\n\nTime in lieu is 1.5x for agreed time and 2x beyond it.\n\n"
        "## Examples\n\n### Example 1: Planned work\n\nA planned change takes 20 mins. Time in lieu = 1.5 x 20 mins = 30 mins.\n\n"
        "### Example 2: An unplanned call\n\nA call takes 40 mins more. Time in lieu = 1.5 x 20 mins + 2 x 40 mins = 110 mins.\n",
        "tern-senior-ml-modeler.md": "# Senior ML Modeler at Tern Freight\n\n## Pay\n\nThe base salary is USD $150,000 - $190,000.\n",
        "senior-ml-engineer.md": "# Senior ML Engineer\n\n## Pay\n\nThe range is $120,000 - $160,000.\n",
    })
    mentoring = ask(chain, "Who does a Level 4 engineer mentor at Leads.io?")
    assert titles_of(mentoring) == ["Progression Framework"] and "two engineers" in mentoring["answer"], mentoring["answer"]
    first = ask(chain, "In Tern Freight's first out-of-hours example, how much time in lieu do 20 minutes earn?")["answer"]
    assert "= 30 mins" in first and "110 mins" not in first, first
    pay = ask(chain, "What is the salary range for Tern Freight's Senior ML Modeler?")
    assert titles_of(pay) == ["Senior ML Modeler at Tern Freight"], pay["answer"]


def test_salaries_compared_are_their_amounts_and_weeks_of_a_thing_are_counted_only_where_it_is_spoken_of(tmp_path):
    """Probe I: "Compare A's base salary with B's salary range" and "the higher top of the base salary range"
    had quoted sentences about pay, not its amounts; "How many weeks of parental leave does PagerDuty give?"
    had been answered by the on-call policy's "one week of on-call"."""
    chain = chain_over_documents(tmp_path, {
        "tern-data-analyst.md": "# Data Analyst at Tern Freight\n\n## Pay\n\nPlease note, the base salary range below applies only to "
        "candidates in the US.\n\nBase salary is one part of Tern Freight's total compensation package.\n\n$70,000 - $90,000 USD\n",
        "wren-platform-engineer.md": "# Platform Engineer at Wren Labs\n\n## Compensation\n\nThe base salary ranges below are given "
        "for pay transparency.\n\nBase pay is only one piece of our total compensation package.\n\n"
        "Base annual salary range: $120,000 to $150,000 plus equity.\n",
        "gull-on-call.md": "# Being on call at Gull Systems\n\n## New joiners\n\nNew joiners shadow the on-call engineer for one week of on-call.\n",
    })
    for question in ("Compare the Tern Freight analyst's base salary with the salary range of Wren Labs' platform engineer.",
                     "Which has the higher top of the base salary range: Tern Freight's analyst or Wren Labs' platform engineer?"):
        answer = ask(chain, question)["answer"]
        assert "$70,000 - $90,000" in answer and "$120,000 to $150,000" in answer, answer
    assert "one week" not in ask(chain, "How many weeks of parental leave does Gull Systems give?")["answer"]


def test_a_lead_in_pointing_at_these_things_gets_the_list_after_it(tmp_path):
    """Probe J's GOV.UK checklist: "You should do these things before going on call." points at the numbered
    list after it, though it ends in a full stop."""
    chain = chain_over_documents(tmp_path, {
        "tern-freight-on-call.md": (
            "# Tern Freight on-call engineer\n\n## On call checklist\n\n"
            "You should do these things before going on call so you're prepared.\n\n"
            "1. Save the numbers of the others on your shift in your phone.\n1. Check that you can reach the VPN.\n"
            "1. Read the incident guide.\n"),
        "marsh-analyst.md": "# Data Analyst at Marsh Dairy\n\nYou will build the milk yield dashboards.\n",
    })
    checklist = ask(chain, "what do I need to do before going on call at Tern Freight?")["answer"]
    assert all(step in checklist for step in ("Save the numbers", "reach the VPN", "incident guide")), checklist


def test_a_phrase_quoted_that_no_document_writes_is_refused_by_name_and_one_written_in_another_form_is_answered(tmp_path):
    """Probe J: "Who wrote the paper 'Attention Is All You Need'?" was answered with a ladder's "paying attention
    to the organization of the code"."""
    chain = chain_over_documents(tmp_path, {
        "tern-ladder.md": (
            "# Tern Freight engineering ladder\n\n## Level 1\n\n"
            "- Writes code with help from those around them, paying attention to readability and to errors.\n"
            "- Learns that they cannot go dark: the team needs to know when they are stuck.\n"),
        "marsh-analyst.md": "# Data Analyst at Marsh Dairy\n\nYou will build the milk yield dashboards.\n",
    })
    paper = ask(chain, "Who wrote the paper 'Attention Is All You Need'?")
    assert paper["citations"] == [] and "mention 'Attention Is All You Need'" in paper["answer"], paper["answer"]
    dark = ask(chain, "What does 'going dark' mean at Tern Freight?")
    assert "cannot go dark" in dark["answer"], dark["answer"]


def test_which_role_is_answered_under_the_headings_that_say_which(tmp_path):
    """"Which Loan Market role starts the Domain Expert track?" was answered "This role starts the Domain Expert
    track." without the role: "role" is too common a word to name a heading by (probe J)."""
    chain = chain_over_documents(tmp_path, {
        "tern-ladder.md": ("# Tern Freight engineering ladder\n\n## Engineering Roles\n\n### Principal Engineer\n\n"
                           "This role starts the Domain Expert track.\n\n### Engineering Manager\n\n"
                           "This role starts the Management track.\n"),
        "marsh-analyst.md": "# Data Analyst at Marsh Dairy\n\nYou will build the milk yield dashboards.\n",
    })
    answer = ask(chain, "Which Tern Freight role starts the Domain Expert track?")["answer"]
    assert "Principal Engineer" in answer and "Management track" not in answer, answer


def test_an_amount_a_lead_in_states_of_its_list_answers_how_long_all_of_it_takes(tmp_path):
    """Expel's "Here's our 3-stage process for this position (5.5 hours total interviewing time):" was never quoted,
    a lead-in, and "How long is the interview process in total?" was answered with two stages of 60 minutes (probe J)."""
    chain = chain_over_documents(tmp_path, {
        "tern-sre.md": ("# Site Reliability Engineer at Tern Freight\n\n## Our hiring process\n\n"
                        "Here's our 3-stage process for this position (4.5 hours total interviewing time):\n\n"
                        "- Chat with a recruiter (30 min)\n- Pair programming interview (60 minutes)\n"
                        "- System design interview (60 minutes)\n"),
        "marsh-analyst.md": "# Data Analyst at Marsh Dairy\n\nYou will build the milk yield dashboards.\n",
    })
    answer = ask(chain, "How long is Tern Freight's interview process in total?")["answer"]
    assert "4.5 hours total" in answer, answer


def test_a_task_to_explain_is_answered_by_a_list_entry_using_every_word_of_it_across_its_sentences(tmp_path):
    """GOV.UK's "- Get paid. Make sure you submit your payment claim form after your shift." did not answer "How do I
    get paid for a GOV.UK on-call shift?": neither sentence alone says both "paid" and "shift", and "get paid" wanted
    an amount, though the question asks how (probe J)."""
    chain = chain_over_documents(tmp_path, {
        "tern-on-call.md": ("# Tern Freight on-call\n\n## On call charter\n\n- Be available in the evenings.\n"
                            "- Get paid. Make sure you submit your payment claim form after your shift.\n"),
        "marsh-analyst.md": "# Data Analyst at Marsh Dairy\n\nYou will build the milk yield dashboards.\n",
    })
    answer = ask(chain, "How do I get paid for a Tern Freight on-call shift?")["answer"]
    assert "payment claim form" in answer, answer


def test_each_document_named_answers_from_the_member_of_its_series_the_question_names(multi_chain):
    """"Is mentoring part of Loan Market's Senior Engineer level and of Mercari's MG3?" was answered from MG4: a member
    of a series was looked for only when one document was asked about (probe J)."""
    answer = ask(multi_chain, "What does a Programmer II at Lanternfish do, and what does Marrowbay's Senior SRE do?")["answer"]
    assert "Owns a feature from design" in answer and "Completes well-scoped tasks" not in answer, answer
    assert "Senior SRE" in answer, answer


def test_a_question_saying_anything_myself_asks_of_no_unknown_thing(tmp_path):
    """"anything" and "myself" are pronouns, not things no document names: the question was declined as one about them."""
    chain = chain_over_documents(tmp_path, {
        "harbour-analyst.md": "# Data Analyst at Acme Harbour\n\nAcme Harbour insures small fishing boats.\n\n## Benefits & Perks\n\n"
        "* 401K Company Contribution - Acme Harbour contributes 3% of the employee's gross income, even if the employee "
        "does not contribute.\n* Annual Professional Development Fund: each employee has $2,000 to spend on courses.\n"
        "* Remote work tools: Slack, Zoom and Donut\n",
        "kiln-designer.md": "# Product Designer at Kiln Studio\n\n## Pay\n\nThe salary is £60,000 a year.\n\n"
        "## Training\n\nWe spend company money on one conference a year.\n",
    })
    answer = ask(chain, "Will Acme Harbour put money into my 401K even if I don't contribute anything myself?")["answer"]
    assert "3%" in answer


def test_how_much_of_a_thing_the_named_document_never_speaks_of_is_declined_not_answered_with_its_pay(tmp_path):
    chain = chain_over_documents(tmp_path, {
        "gantry-engineer.md": "# Senior Software Engineer at Gantry Labs\n\n## Base Salary\n\n* UK Residents: £91,200-£136,800/year\n"
        "* US Residents: $140,000-$180,000/year\n\n## Bonus\n\nA yearly bonus of up to 10% of base salary.\n",
        "marlow-leave.md": "# Marlow Bank leave policy\n\n## Parental leave\n\nNew parents get 16 weeks of fully paid parental leave.\n",
    })
    answer = ask(chain, "How much parental leave does Gantry Labs offer?")["answer"]
    assert "doesn't say" in answer and "£" not in answer
    assert "16 weeks" in ask(chain, "How much parental leave does Marlow Bank offer?")["answer"]


def test_a_field_no_document_speaks_of_or_an_unknown_attribute_of_a_named_company_is_declined(tmp_path):
    """General knowledge sharing a word with a ladder ("level") is set in a field of its own ("in a video game"),
    and a company's revenue is no amount its policy states."""
    chain = chain_over_documents(tmp_path, {
        "brindle-ladder.md": "# Brindle engineer ladder\n\nWe expect different things under each competency depending on "
        "the level.\n\n## Level 1\n\nDelivers small tasks with guidance.\n\n## Level 2\n\nDelivers features on their own.\n",
        "corvid-spending.md": "# Corvid spending policy\n\n## Training\n\nCorvid staff are allotted 500 USD per fiscal year "
        "to spend on training courses.\n\n## Approvals\n\nManager approval is required for reimbursement greater than 500 USD.\n",
    })
    for question in ("What is a level in a video game?", "How do you calculate the force of an impact in physics?",
                     "What was Corvid's revenue last year?"):
        answer = ask(chain, question)["answer"]
        assert ANY_REFUSAL.match(answer) or "doesn't say" in answer, question
    assert "500 USD" in ask(chain, "How much can Corvid staff spend on training each year?")["answer"]


def test_a_section_whose_one_sub_section_is_its_list_under_a_lead_in_answers_with_every_entry(tmp_path):
    """"Responsibilities" holds only "In this role, you will be responsible for:" and its entries, in two passages:
    the answer was the two entries scoring best, as if no list were asked for."""
    entries = [f"* {duty}\n" for duty in (
        "Design and create privacy use cases for our flagship library, working from what pilot partners tell us about "
        "their data and the rules that bind them",
        "Collaborate with hospitals and universities across the globe to pilot these use cases and see them deployed, "
        "from the first workshop to the audit that closes the pilot",
        "Work closely with product and engineering to improve the library's core, based on feedback from pilot "
        "partners and the questions they bring back from their own researchers",
        "Produce technical documentation to support grassroots adoption of the use cases you develop, in English and "
        "in the languages our partners work in",
        "Run monthly office hours for the research community and write up what was asked for the public forum",
        "Review pull requests from outside contributors to the examples repository within two working days")]
    chain = chain_over_documents(tmp_path, {
        "sable-data-scientist.md": "# Applied Data Scientist (Remote)\n\nSable builds open privacy tools.\n\n## Responsibilities\n\n"
        "In this role, you will be responsible for:\n\n" + "".join(entries) + "\n## About Sable\n\nSable is a non-profit.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "What are the responsibilities of the Applied Data Scientist at Sable?")["answer"]
    for duty in ("Design and create", "Collaborate with hospitals", "Work closely", "Produce technical documentation",
                 "Run monthly office hours", "Review pull requests"):
        assert duty in answer


def test_how_much_of_a_qualified_thing_is_answered_by_an_amount_of_its_noun_before_statements_naming_it_all(tmp_path):
    """"25 vacation days" says no "annual"; "How to take (annual) leave" says every word of "annual vacation" and no amount."""
    chain = chain_over_one_document(
        tmp_path, "heron-leave.md",
        "# Heron leave policy\n\n## Vacation leave\n\nIf you work full-time, you are entitled to 25 vacation days.\n\n"
        "## How to take (annual) leave\n\nYou apply for leave in advance in the HR system.\n\n"
        "When you become ill during your vacation, you keep your vacation days.\n",
    )
    assert "25 vacation days" in ask(chain, "How much annual vacation do you get at Heron?")["answer"]


def test_a_documents_initials_written_alone_name_it_and_are_not_searched_with(tmp_path):
    """"the HT" is harbour-times-*.md, a page titled without its company: left in the words searched with, it
    pulled the question below the refusal threshold and the page was said not to answer."""
    chain = chain_over_documents(tmp_path, {
        "harbour-times-senior-engineer-1.md": "# Senior Engineer 1 Competencies\n\nSenior 1 engineers are expected to improve "
        "the performance of those around them, through line management, tech leading, mentoring or regular pairing.\n\n"
        "## Security\n\n* Keeps dependencies patched with a scanner\n* Knows the common web attacks and how HT technology "
        "guards against them\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "What is expected of a Senior Engineer 1 at the HT?")["answer"]
    assert "improve the performance of those around them" in answer


def test_which_countries_one_can_be_based_in_is_where_the_job_is(tmp_path):
    chain = chain_over_documents(tmp_path, {
        "gantry-engineer.md": "# Senior Software Engineer at Gantry Labs\n\nRemote · £91,200-£136,800/year\n\n"
        "*We are seeking a team member located within one of the following areas: United Kingdom, Singapore, Ireland or "
        "Portugal.\n\n## Pay\n\n* UK Residents: £91,200-£136,800/year\n* Salary ranges for other countries will vary based "
        "on the market rate for the location.\n\n## What you will do\n\n* Build the control plane for cooling plants\n",
        **OTHER_DOCUMENT,
    })
    for question in ("Which countries can I be based in for the Gantry Labs engineer job?",
                     "Where do I need to live to be hired by Gantry Labs?"):
        answer = ask(chain, question)["answer"]
        assert "Singapore" in answer and "market rate" not in answer, question


def test_a_sentence_opening_of_these_is_quoted_with_the_one_it_points_back_to(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "heron-leave.md",
        "# Heron leave policy\n\n## Vacation leave\n\nWe think rest matters, so plan your holidays early in the year.\n\n"
        "If you work full-time, you are entitled to 25 vacation days. Of these, 20 are statutory, and 5 are non-statutory.\n\n"
        "## Public holidays\n\nHeron observes the national public holidays.\n",
    )
    answer = ask(chain, "How many vacation days do full-time employees get at Heron?")["answer"]
    assert "25 vacation days. Of these, 20 are statutory" in answer


def test_who_holds_a_title_is_answered_by_a_name_or_declined(tmp_path):
    chain = chain_over_documents(tmp_path, {
        "gantry-engineer.md": "# Senior Software Engineer at Gantry Labs\n\n## Interview process\n\n"
        "* Meeting with VP of Engineering and Product (45 minutes): a technical and cultural fit conversation\n"
        "* Live coding exercise (75 minutes)\n",
        "sable-scientist.md": "# Data Scientist at Sable\n\n## Your team\n\nOur Head of Data, Jane Okafor, leads the team of six.\n",
    })
    answer = ask(chain, "Who is the VP of Engineering at Gantry Labs?")["answer"]
    assert "doesn't say" in answer and "Meeting with" not in answer
    assert "Jane Okafor" in ask(chain, "Who is the Head of Data at Sable?")["answer"]


def test_how_big_asks_an_amount(tmp_path):
    chain = chain_over_one_document(
        tmp_path, "sable-scientist.md",
        "# Data Scientist at Sable\n\n## Your team\n\nThe data team at Sable is big on pairing: everyone on the data team "
        "reviews code with someone else.\n\nThe data team has 14 people across three squads.\n",
    )
    answer = ask(chain, "How big is the data team at Sable?")["answer"]
    assert "14 people" in answer and "big on pairing" not in answer


def test_a_list_of_a_tables_rows_sharing_a_first_cell_is_every_such_row(tmp_path):
    """"List the delivery competencies" of a ladder's table, long enough to fill several passages: every "Area:
    Delivery" row, not the few scored best."""
    delivery = [f"{task}, e.g. in planning, in review and when a release is late" for task in (
        "Prioritises technical work for the team with the product manager",
        "Breaks down large proposals into tasks a new joiner could pick up",
        "Communicates the team's status upwards to a principal engineer",
        "Moves blockers so that more junior engineers can keep working",
        "Tackles simple cross-team technical issues when a shared tool breaks",
        "Manages, prioritises and communicates own workload")]
    others = [f"{area}; Competency: {skill}, e.g. on the team's own services and on those it shares with others"
              for area, skill in (
                  ("Technical", "Leads on fixing live incidents in production"), ("Technical", "Writes code others build on"),
                  ("Technical", "Keeps dependencies patched"), ("Technical", "Designs services that scale"),
                  ("Leadership", "Mentors more junior engineers every week"), ("Leadership", "Runs a guild meeting"),
                  ("Leadership", "Fosters an inclusive team culture"), ("Leadership", "Represents the team across the company"),
                  ("Communication", "Explains technical trade-offs to people outside engineering"),
                  ("Communication", "Writes decision records"), ("Communication", "Gives talks at meet-ups"),
                  ("Communication", "Keeps documentation current"))]
    rows = [f"Delivery; Competency: {task}" for task in delivery]
    interleaved = [row for pair in zip(others, rows) for row in pair] + others[len(rows):]
    table = "| Area | Competency |\n|---|---|\n" + "".join(f"| {row.replace('; Competency: ', ' | ')} |\n" for row in interleaved)
    chain = chain_over_documents(tmp_path, {
        "wharf-senior-engineer.md": "# Senior Engineer 1 at Wharf\n\n## Competencies\n\n" + table,
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "List the delivery competencies for a Senior Engineer 1 at Wharf.")["answer"]
    assert all(task in answer for task in delivery)
    assert "Mentors" not in answer and "live incidents" not in answer


def test_a_list_request_whose_best_statements_are_entries_of_one_list_gets_the_whole_list(tmp_path):
    """The levels listed under a quoted note: the entries scoring best had been quoted, five of ten."""
    levels = ["Junior Engineer", "Middle I Engineer", "Middle II Engineer", "Senior I Engineer", "Senior II Engineer",
              "Senior III Engineer", "Staff I Engineer", "Staff II Engineer", "Principal I Engineer", "Principal II Engineer"]
    chain = chain_over_documents(tmp_path, {
        "quay-engineer-ladder.md": "# Engineer Track\n\nQuay's engineers grow along three tracks: Craft, Impact and "
        "Behaviour.\n\n## Levels of Ladder\n\nUsing tracks and competencies, we set expectations for each role. What we "
        "expect under each competency depends on the level.\n\n> **NOTE**\n>\n> Expectations for a grade are the same "
        "across professions.\n\n"
        + "".join(f"* [{level}](/ladder/{level.lower().replace(' ', '-')}.md)\n" for level in levels)
        + "\nTo be clear: expectations for any Mid-level Mobile Engineer match those for any Mid-level Backend "
        "Developer.\n\n## Promotions\n\nPromotions are decided twice a year by a panel.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "List all the levels on Quay's engineer track.")["answer"]
    assert all(level in answer for level in levels)


def test_a_which_question_naming_its_things_with_a_qualifier_gets_the_list_of_them(tmp_path):
    """"Which public holidays ...?" asks for several things, as "Which holidays ...?" does: the prose saying
    "public holidays" had been quoted without the list that names them."""
    holidays = ["New Year's Day", "Easter Monday", "Ascension Day", "Whit Monday", "Boxing Day"]
    chain = chain_over_documents(tmp_path, {
        "tessel-leave.md": "# Tessel Holiday and Leave Handbook\n\n## Holiday leave\n\nEveryone gets 26 holiday days a year. Holiday "
        "requests go to your lead.\n\n## Holidays\n\nThe office is closed on:\n\n" + "".join(f"* {day}\n" for day in holidays)
        + "\nThe days of public holidays "
        "are greyed out in the rota tool by default. Taking one off costs you the normal 8 hours. There is no extra pay "
        "for a public holiday on a part-timer's free day.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "Which public holidays do Tessel employees get off?")["answer"]
    assert all(day in answer for day in holidays)


def test_the_things_a_tables_rows_are_of_asked_for_in_the_plural_are_every_row(tmp_path):
    """"What are the levels ...?" of a table whose rows start "Level: ...": the sentences saying "level" had answered."""
    levels = [("Apprentice", "Learns the trade"), ("Journeyman", "Works alone"), ("Senior Maker", "Leads a bench"),
              ("Master Maker", "Sets the shop's standards")]
    chain = chain_over_documents(tmp_path, {
        "joinery-ladder.md": "# Joinery Career Ladder\n\n## How to read this ladder\n\nEach level is defined by four axes, "
        "and every maker is assessed against those axes at their level. Most new makers join at the second level.\n\n"
        "## Levels at a glance\n\n| Level | What this means |\n|---|---|\n"
        + "".join(f"| {level} | {meaning} |\n" for level, meaning in levels),
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "What are the levels in the Joinery career ladder?")["answer"]
    assert all(level in answer for level, _ in levels)


def test_a_list_request_answered_by_prose_beside_a_table_gets_the_tables_rows(tmp_path):
    """"Give me all the salary levels in the rubric": the sentences saying "rubric" had answered without the rubric."""
    chain = chain_over_documents(tmp_path, {
        "tessel-pay.md": "# Tessel Pay Policy\n\n## Salary\n\nSalary negotiations favour those who negotiate hardest. To "
        "avoid that bias, we have a standard rubric that sets every salary. Each January we adjust the rubric to the "
        "market. The founders' salaries do not follow the rubric.\n\n| Experience | Technical | Non-technical |\n|---|---|---|\n"
        "| Over 5 years | $130k | $105k |\n| Under 5 years | $105k | $75k |\n\n## Equity\n\nEquity vests over 6 years.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "Give me all the salary levels in the Tessel rubric.")["answer"]
    assert all(amount in answer for amount in ("$130k", "$105k", "$75k"))


def test_whether_one_must_go_into_an_office_is_answered_by_where_the_job_is_done(tmp_path):
    """"Would I need to go into an office ...?" had been answered with a "Home office" perk (probe M)."""
    chain = chain_over_documents(tmp_path, {
        "tessel-ml.html": "<html><head><title>ML Engineer - Tessel - Careers</title></head><body><h1>ML Engineer</h1>"
        "<ul><li>Tessel</li><li>Canada</li><li>Remote</li></ul><p>As an ML Engineer you will build model pipelines for our "
        "customers. This position is fully remote with up to 20% travel required.</p><h2>Perks</h2><ul><li>Home office "
        "expense benefit</li><li>Paid parental leave</li></ul><h2>About Tessel</h2><p>Tessel runs cloud consulting.</p>"
        "</body></html>",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "Would I need to go into an office for the Tessel ML engineer role?")["answer"]
    assert "fully remote" in answer and "Home office" not in answer


def test_an_attribute_named_by_a_word_no_document_uses_is_answered_by_a_statement_saying_it_in_other_words(tmp_path):
    """"home office furniture" of a policy pricing a desk and a chair: no document says "furniture", which had
    declined it (probe L); a stock price no statement comes near is still declined."""
    chain = chain_over_documents(tmp_path, {
        "tessel-spending.md": "# Tessel Spending Policy\n\n## Home office\n\nBuy what you need to work well at home.\n\n"
        "- Height-adjustable desk: Average price 500 USD\n- Ergonomic chair: Average price 300 USD\n- Monitor: Average "
        "price 250 USD\n\n## Travel\n\nBook economy flights for trips under six hours.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "What are the guideline prices for home office furniture at Tessel?")["answer"]
    assert "500 USD" in answer and "300 USD" in answer
    assert ask(chain, "What is Tessel's current stock price?")["grounded"] is False


def test_a_frequency_may_be_counted_in_minutes(tmp_path):
    chain = chain_over_documents(tmp_path, {
        "quokka-oncall.md": "# Quokka on-call policy\n\n## Update cadence\n\nP0: update every 10–20 min | P1: 15–30 min | "
        "P2: fix next day.\n\n## Rota\n\nEach discipline has one assigned engineer per week.\n",
        "pitaya-backend.md": "# Backend Engineer at Pitaya Credit\n\n## Benefits\n\n* Health & Life insurance\n",
    })
    assert "every 10–20 min" in ask(chain, "How often should updates be posted during a P0 incident at Quokka?")["answer"]


def test_a_follow_up_the_part_it_continues_does_not_answer_is_answered_from_the_wider_search(tmp_path):
    """The last answer came from the alerts' part, which says nothing of how soon work starts: the policy's other part does."""
    chain = chain_over_documents(tmp_path, {
        "quokka-oncall.md": "# Quokka on-call policy\n\n## Alerts\n\n- Initial alert: via Slack and WhatsApp to the on-call "
        "engineers.\n- Acknowledge every alert in the #incidents channel.\n\n## Response targets\n\n- Begin working on the "
        "incident within 15 minutes after acknowledgement.\n- Post short, time-stamped updates in Slack.\n\n## Rota\n\nOne "
        "engineer per discipline each week.\n",
        "pitaya-backend.md": "# Backend Engineer at Pitaya Credit\n\n## Benefits\n\n* Health & Life insurance\n",
    })
    history = [{"role": "user", "content": "Where does a Quokka on-call engineer acknowledge an alert?"},
               {"role": "assistant", "content": "Acknowledge every alert in the #incidents channel."}]
    answer = ask(chain, "And once the initial alert is acknowledged, how long until incident work must begin?", history)["answer"]
    assert "15 minutes" in answer, answer


COMPANY_FACTS = {
    "zephyr-data-lead.md": "# Lead Data Engineer at Zephyr\n\n## About Zephyr\n\nOur platform protects small online shops from "
    "fraud. We process over 2 billion events a day across three regions.\n\n## What we are looking for\n\n- 10+ years of "
    "experience in data engineering, software engineering, or a related field, with a minimum of 3 years as a senior "
    "engineer\n- Comfort with Terraform\n\n## How you will lead\n\n- Works to build relationships with direct reports "
    "through regular one-on-ones, with a focus on support and open communication.\n- Gives feedback to the people on the "
    "team.\n\n## On call\n\nEngineers take the on-call rotation one week in six, and we make extra sure that nobody is paged "
    "twice in a night.\n\n## Benefits\n\n- Unlimited Paid Time Off (PTO)\n",
    "marlin-handbook.md": "# Marlin Staff Handbook\n\n## About Marlin\n\nMarlin was founded in 2009 and employs more than 300 "
    "people.\n\n## Officers\n\nThe officers of Marlin are an Executive Director, a Treasurer, a Company Secretary, and any "
    "other officers the Board approves. If there is no Executive Director, the chairperson of the Board holds the powers "
    "and duties of the Executive Director.\n\n- Omar Feld (Chairperson)\n- Dana Whitlock (Executive Director)\n\n## Sick "
    "leave\n\nThis sick leave policy applies to full- or part-time (20 hours per week or more) team members who have been "
    "with the company for at least 3 months.\n\n## Travel\n\nWe pay actual costs, never a per diem, and treat government "
    "per-diem rates as a ceiling. Meals on trips may be paid with the company travel card.\n\n## Ways to get a claim rejected\n\nThese are examples of expenses that will certainly "
    "get a claim rejected.\n\n1. Flying first class when economy was available\n2. Buying a laptop without approval\n3. "
    "Paying a conference fee without approval\n",
}


company_facts_chain = module_chain("company-facts", COMPANY_FACTS)


@pytest.mark.parametrize("question, quoted", [
    # "1 trillion events a day" had been declined for not saying "platform", which the sentence before it says (probe O)
    ("How many events a day does Zephyr's platform handle?", ["2 billion events"]),
    # "Unlimited Paid Time Off (PTO)" had been declined for not saying "vacation" (probe O)
    ("How much paid vacation does Zephyr give?", ["Unlimited Paid Time Off"]),
    ("How many people work at Marlin?", ["more than 300 people"]),
    ("What year was Marlin founded?", ["2009"]),
    # the rule for when there is no director had been quoted instead (probe O)
    ("Who is Marlin's executive director?", ["Dana Whitlock"]),
    # "These are examples of ..." had been quoted without its examples (probe O)
    ("What are examples of spending that gets a Marlin claim rejected?", ["first class", "laptop", "conference fee"]),
])
def test_a_count_an_amount_a_name_or_examples_asked_for_are_quoted(company_facts_chain, question, quoted):
    answer = ask(company_facts_chain, question)["answer"]
    assert all(part in answer for part in quoted), answer


@pytest.mark.parametrize("question", [
    "How many people work at Zephyr?",  # a one-on-ones statement had counted "people" (probe O)
    "What year was Zephyr founded?",  # "10+ years of experience" had given a founding year (probe O)
    "How many weeks of maternity leave does Marlin give?",  # a sick-leave statement's "per week" had answered (probe O)
    "What per diem do airline pilots get on layovers?",  # another profession's allowance (probe O)
    "What is the daily meal allowance when travelling for Marlin?",  # a card for meals states none (probe P)
    "How much extra are Zephyr engineers paid for being on call?",  # "make extra sure" is no payment (probe P)
])
def test_a_count_a_year_or_anothers_allowance_no_document_states_is_declined(company_facts_chain, question):
    assert ask(company_facts_chain, question)["grounded"] is False


def test_a_statement_saying_only_the_questions_and_the_titles_words_is_no_answer(tmp_path):
    """ "Candidates only." had answered which technologies a candidate should know, over the list saying them (probe O)."""
    chain = chain_over_documents(tmp_path, {
        "wren-data-platform-lead.html": "<html><head><title>Data Platform Lead at Wren</title></head><body>"
        "<h1>Data Platform Lead</h1><h2>What We Are Looking For</h2><ul><li>High degree of proficiency in Python, SQL, "
        "Snowflake, Airflow and Kafka</li><li>Self-starter, analytical problem solver, attentive to detail</li></ul>"
        "<h2>Why Wren?</h2><ul><li>Flexible Paid Time Off Policy</li></ul><p>Candidates only. No recruiters or agencies, "
        "please.</p></body></html>",
        "pitaya-backend.md": "# Backend Engineer at Pitaya Credit\n\n## Benefits\n\n* Health & Life insurance\n",
    })
    answer = ask(chain, "Which technologies is a Wren data platform candidate expected to be highly proficient in?")["answer"]
    assert "Snowflake" in answer and "Candidates only" not in answer, answer


def test_a_named_document_with_nothing_to_quote_is_said_to_be_silent(company_facts_chain):
    """ "How do Shipwell, Angi and Niche handle vacation time?" had quoted two of them and said nothing of the third
    (probe O)."""
    answer = ask(company_facts_chain, "What do Zephyr and Marlin say about Terraform?")["answer"]
    assert "Comfort with Terraform" in answer and answer.endswith("Marlin Staff Handbook doesn't say."), answer


def test_the_areas_of_a_section_of_sections_are_its_headings(tmp_path):
    """ "What responsibility areas are listed for a Tarides Software Engineer?" had quoted one area's entries (probe O)."""
    areas = ["Design & Implementation", "Quality & Testing", "Technical Ownership"]
    chain = chain_over_documents(tmp_path, {
        "heron-engineering-roles.md": "# Heron Engineering Roles\n\n## Software Engineer\n\n### Role Overview\n\nBuilds and "
        "runs our services.\n\n### Responsibilities\n\n" + "".join(
            f"#### {area}\n\n- {entry}\n- Reviews {area.lower()} work with the team\n\n"
            for area, entry in zip(areas, ["Makes sound design decisions", "Writes tests first",
                                           "Takes genuine ownership of the areas of the codebase they work in"])),
        "pitaya-backend.md": "# Backend Engineer at Pitaya Credit\n\n## Benefits\n\n* Health & Life insurance\n",
    })
    answer = ask(chain, "What responsibility areas are listed for a Heron Software Engineer?")["answer"]
    assert all(area in answer for area in areas), answer


def test_a_lead_in_pointing_below_is_answered_with_the_list_past_its_label_and_a_yes_or_no_never_by_a_name(tmp_path):
    """ "The position qualifies for the below benefits." had been quoted alone, its list being under a label of its
    own; "Would I be on call as LeafLink’s DevOps Engineer?" had been answered "LeafLink", the line under the title
    (probe P)."""
    chain = chain_over_documents(tmp_path, {
        "sorrel-devops-engineer.txt": "DevOps Engineer\nSorrel\n\nAbout the role\n\nYou will run our build farm.\n\n"
        "What you’ll bring\n\nFive years of Linux\nA participant in a formal 24x7 on-call rotation\n\nPay\n\nThe salary "
        "range is $120,000 to $150,000. The position qualifies for the below benefits.\n\nSorrel offers these benefits "
        "including:\n- Health, dental and vision insurance\n- 401k with a 6% employer match\n- 12 paid holidays\n",
        "pitaya-backend.md": "# Backend Engineer at Pitaya Credit\n\n## Benefits\n\n* Health & Life insurance\n",
    })
    answer = ask(chain, "What benefits does Sorrel list for this position?")["answer"]
    assert "6% employer match" in answer and "12 paid holidays" in answer, answer
    assert "24x7 on-call rotation" in ask(chain, "Would I be on call as Sorrel’s DevOps Engineer?")["answer"]


def test_a_heading_named_by_list_words_alone_is_named_by_its_plain_name(tmp_path):
    """ "What we’re looking for" is "requirements": with "we’re" a stop word, its own words are only "look", which
    asks for a list and names no heading."""
    chain = chain_over_documents(tmp_path, {
        "quince-designer.md": "# Product Designer at Quince\n\n## What we’re looking for\n\n- 5+ years of product design\n"
        "- Expert knowledge of Figma\n- Clear writing\n\n## Education\n\nA degree is not required for this role.\n",
        "pitaya-backend.md": "# Backend Engineer at Pitaya Credit\n\n## Benefits\n\n* Health & Life insurance\n",
    })
    answer = ask(chain, "What are the requirements for the Quince designer?")["answer"]
    assert "5+ years of product design" in answer and "Expert knowledge of Figma" in answer, answer


BANK_AND_FOUNDATION = {
    "northern-star-bank-data-engineer.html": "<html><head><title>Data Engineer - Northern Star Bank</title></head><body>"
    "<h1>Data Engineer</h1><p>When you join Team Nostar, you become part of a community that backs its customers.</p>"
    "<h2>Description</h2><p>You will build data pipelines for a FedRAMP compliant environment and run the DevOps Research "
    "and Assessment (DORA) metrics for the platform team. This role can be performed remotely anywhere within the United States, and you will work "
    "with our data platform team.</p><p>Bonus Points If You Have: 5+ years of Kafka experience.</p>"
    "<h2>Salary and benefits</h2><p>Salary Range: $90,000 to $140,000 annually.</p><p>We also offer a "
    "competitive annual discretionary bonus program and opportunity for annual stock grants (employees on sales plans are "
    "not eligible for the bonus).</p><ul><li>Access to on-site wellness centers staffed with nurses and doctors</li><li>Learning: $2,000 per year for courses and books</li><li>25 days of annual leave</li><li>Free "
    "and confidential counseling support through our Calm Minds program</li></ul></body></html>",
    "lumen-backend-engineer.md": "# Backend Engineer at Lumen\n\nLocation: Lima; Bogota; Remote\n\n## About Lumen\n\nLumen "
    "builds payment rails for small shops. We are committed to living out the core values we share as a team. We seek "
    "people who show the following:\n\n- Candor: saying what we see\n- Care: for customers and colleagues\n- Craft: "
    "finishing what we start\n\n## Who can apply\n\nWe hire people who currently reside in the LATAM region and work on "
    "Mexico City time. We sponsor work visas for engineers who relocate to Lima.\n",
    "hawk-labs-career-development.md": "# Career Development - Hawk Labs\n\n## Individual Contributor\n\nIndividual "
    "contributors are all engineers that do not exercise any kind of management activity. They are divided in levels "
    "where promotions happen based on each engineer's merits.\n\n### Engineer\n\nEngineers work autonomously on "
    "small tasks.\n\n### Distinguished Engineer\n\nDistinguished Engineer is reserved for senior engineers with "
    "outstanding expertise in a strategic area. It is the highest level for individual contributor roles.\n",
    "kite-foundation-travel-policy.md": "# Travel and Expense Policy - Kite Foundation\n\n## Hotel\n\nSharing a room is not "
    "required. The nightly hotel rate is capped at $180.\n\n## Conferences\n\nA percentage of conference fees is covered.\n\n## Food and Transportation\n\nGovernments publish rates for all "
    "cities of the world, called per diem. Buses, taxis and car miles are covered.\n\n## Contractors\n\nContractors are paid "
    "$40 / hour. Invoices are settled by the 15th of the month.\n\n## Working hours\n\nThe standard workweek is forty (40) hours.\n\n## Sick leave\n\nAfter the first "
    "week of sick leave, the insurer will pay 80% of your usual salary while you are off work. Staff are entitled to five "
    "days' paid sick leave a year.\n\n## Help\n\nClaims are paid within 30 "
    "days of the request. Ask the Treasurer if an expense is already budgeted.\n\nUse the lower of the two amounts when "
    "combining trips.\n",
}


bank_and_foundation_chain = module_chain("bank-and-foundation", BANK_AND_FOUNDATION)


@pytest.mark.parametrize("question, quoted", [
    # "Amex" of "American Express", written only in "Team Amex", had been an unknown name (probe Q)
    ("What is the name of Nostar's confidential counseling program?", "Calm Minds"),
    ("What does DORA stand for?", "DevOps Research and Assessment"),
    ("What nightly hotel rate does the Kite Foundation allow?", "$180"),
    ("What learning budget does Northern Star Bank give?", "$2,000"),  # a sum of money, under the budget's own name
    ("What hourly rate does the Kite Foundation pay contractors?", "$40 / hour"),  # "hour" of "hourly" (probe R)
    # "Kite Foundation", naming the document, had been taken for part of a role it never names (probe R)
    ("How much do Kite Foundation contractors get paid?", "$40 / hour"),
    # the lead-in had been quoted without its list, for being one sentence after the best statement (probe R)
    ("What are the core values Lumen asks candidates to show?", "Craft: finishing what we start"),
    ("How long is the standard workweek at the Kite Foundation?", "forty (40) hours"),  # a figure in brackets (probe P)
    ("Where can the Lumen backend engineer be based?", "Lima; Bogota; Remote"),
    ("Does Lumen sponsor work visas for the backend role?", "We sponsor work visas"),  # "where can" had asked no place (probe R)
    # the place told had been taken for a name the document does not use (probes N, O and R)
    ("I live in Texas. Can I be hired for the Lumen backend position?", "LATAM region"),
    # ... and told as people type it ("i'm in massachusetts - eligible ...?"), declined for not naming it (probe Z5)
    ("i'm in texas - eligible for the lumen backend position?", "LATAM region"),
])
def test_a_clipped_name_an_acronym_a_sum_a_list_or_a_place_asked_is_quoted(bank_and_foundation_chain, question, quoted):
    assert quoted in ask(bank_and_foundation_chain, question)["answer"]


@pytest.mark.parametrize("question", [
    "How many employees does Northern Star Bank have?",  # "a discretionary bonus ... (employees" counted them (probe Q)
    "How much do the nurses at Northern Star Bank wellness centers earn?",  # the data engineer's pay had answered (probe Q)
    "How much annual leave do doctors get at Northern Star Bank?",  # nor their leave, though "doctors" is written (probe R)
    "What percentage bonus can the Northern Star data engineer expect?",  # "Bonus Points If You Have" had (probe Q)
    "What does FedRAMP stand for?",  # a statement using it had (probe Q)
    "Does Northern Star Bank sponsor work visas for the data engineer role?",  # its "work" and "role" had (probes Q, R)
    "What is the Kite Foundation's annual travel budget?",  # "already budgeted" and "two amounts" had (probe Q)
    "What per-mile rate does the Kite Foundation pay for driving your own car?",  # per diem rates had (probe Q)
])
def test_a_share_a_sum_a_count_or_a_spelling_no_document_states_is_declined(bank_and_foundation_chain, question):
    assert ask(bank_and_foundation_chain, question)["grounded"] is False


def test_the_interjection_ok_names_nothing():
    """ "Is it OK to nominate myself ...?" had been declined for a name "OK" no document uses (probe R)."""
    assert names_in("Is it OK to nominate myself to become an Acme maintainer?") == ["Acme"]


def test_an_amount_of_time_off_is_a_span_of_time(bank_and_foundation_chain):
    """ "How much paid annual leave do Loomio staff get?" had been answered with "8% of their gross salary" (probe R)."""
    answer = ask(bank_and_foundation_chain, "How much paid sick leave do Kite Foundation staff get?")["answer"]
    assert "five days" in answer and "80%" not in answer, answer


def test_when_pay_comes_is_a_point_in_time_not_an_amount(bank_and_foundation_chain):
    """ "When do Catalyst employees get paid?" had been answered with the hourly wage (probe R)."""
    answer = ask(bank_and_foundation_chain, "When do Kite Foundation contractors get paid?")["answer"]
    assert "15th of the month" in answer and "$40" not in answer, answer


def test_what_a_question_sets_aside_is_not_searched_for(bank_and_foundation_chain):
    """ "Apart from salary, what does Marqeta offer employees?" had been answered with its pay tiers (probe R)."""
    answer = ask(bank_and_foundation_chain, "Apart from salary, what does Northern Star Bank offer its staff?")["answer"]
    assert "Calm Minds" in answer and "$90,000" not in answer, answer


def test_a_superlative_asked_is_answered_by_the_statement_saying_it(bank_and_foundation_chain):
    """ "What is the highest individual contributor level at source{d}?" had been answered with what individual
    contributors are, over "It is the highest level for individual contributor roles" (probe Q)."""
    answer = ask(bank_and_foundation_chain, "What is the highest individual contributor level at Hawk Labs?")["answer"]
    assert "Distinguished Engineer is reserved" in answer and "management activity" not in answer, answer


PINEWOOD_AND_DRIFT = {
    "pinewood-benefits.md": "# Benefits\n\nPinewood pays fairly and lets people choose their own perks.\n\n## Growing together\n\n"
    "### A €800 annual learning budget\n\nSpend it on courses, books or conference tickets.\n\n"
    "### A €400 one-time hardware budget\n\nTo set up your home office, buy a chair or a second screen.\n\n"
    "## Where we work\n\nWork from home, from a co-working space or while travelling.\n\nIf you are based in Oslo, we rent "
    "you a desk in a shared workspace.\n\n## Starting\n\n- Starter Stipend to help cover home-office setup costs\n\n"
    "## Leave\n\n- 30 days of annual leave\n- 3 days of leave for a death in the family\n",
    "larch-pay-bands.md": "# Pay Bands\n\n## Band overview\n\nOur bands are listed below in order of seniority. Each band "
    "maps to a pay range.\n\nNote: what a lower band expects carries up into the higher bands.\n\n### Engineers\n\n"
    "| Title | Band |\n|---|---|\n| Engineer I | Band 1 |\n| Engineer II | Band 2 |\n| Staff Engineer | Band 3 |\n",
    "orchard-ml-engineer.html": "<html><head><title>ML Engineer at Orchard</title></head><body><main><h1>ML Engineer</h1>"
    "<h2>Compensation</h2><p>The base salary range is $150,000 - $190,000.</p><h2>Bonus Points For</h2><ul>"
    "<li>Experience with model servers like TorchServe or Triton</li><li>Clear written communication</li></ul></main>"
    "<aside><h2>Job details</h2><dl><dt>Team</dt><dd>Ranking</dd><dt>Location</dt><dd>Remote - US</dd>"
    "<dt>On-call</dt><dd>One week in eight</dd></dl></aside>"
    "<aside>Related roles: Data Engineer</aside></body></html>",
    "drift-contributor-ladder.md": "# Drift Contributor Ladder\n\nWe plan our work on a Kanban board.\n\n## Code Reviewer\n\n"
    "A code reviewer has contributed several times.\n\n### Requirements\n\n- Two merged pull requests\n\n### Privileges\n\n"
    "- Can be assigned issues\n\n## Code Owner\n\nA code owner decides what is merged in an area.\n\n### Requirements\n\n"
    "- Author 5 small to medium-sized, well-tested PRs in the area\n\n### Privileges\n\n- Can merge pull requests\n"
    "- Can cut releases\n",
}


pinewood_and_drift_chain = module_chain("pinewood-and-drift", PINEWOOD_AND_DRIFT)


@pytest.mark.parametrize("question, quoted, not_quoted", [
    # "earn bonus points" had asked for money, and the salary had answered (probe S)
    ("Which model serving tools would earn bonus points for the Orchard ML role?", "TorchServe", "$150,000"),
    # the amount stands in the section's heading: it had been lost for the hardware budget's "one-time" (probe S)
    ("How big is Pinewood's learning budget?", "A €800 annual learning budget", "€400"),
    # a sidebar of the job's facts is content (probe S)
    ("How often is the Orchard ML engineer on call?", "One week in eight", "Related roles"),
])
def test_an_idiom_a_heading_stating_an_amount_or_a_job_details_sidebar_answers(pinewood_and_drift_chain, question, quoted, not_quoted):
    answer = ask(pinewood_and_drift_chain, question)["answer"]
    assert quoted in answer and not_quoted not in answer, answer


@pytest.mark.parametrize("question, quoted", [
    ("What is Pinewood's Starter Stipend for?", "home-office setup costs"),  # what it is for, not how much (probe S)
    ("What can I spend Pinewood's learning budget on?", "courses, books"),  # the same, asked what on (probe S)
    ("Where can Pinewood employees work from?", "co-working space"),  # working from home is a place of work (probe S)
    # a thing counted may be written as its initials, after a longer description than a word (probe S)
    ("How many pull requests do I need to author to become a Drift Code Owner?", "Author 5 small"),
    ("What is Pinewood's leave policy?", "30 days of annual leave"),
    # the list a lead-in points at, past a note, in the part after it (probe S)
    ("List Larch's engineer bands in order.", "Staff Engineer; Band: Band 3"),
])
def test_a_purpose_a_place_of_work_a_count_by_initials_or_a_policy_asked_is_quoted(pinewood_and_drift_chain, question, quoted):
    answer = ask(pinewood_and_drift_chain, question)["answer"]
    assert quoted in answer, answer


@pytest.mark.parametrize("question", [
    "Where is Orchard headquartered?",  # a job's location is not its company's headquarters (probe S)
    "Where did the Kanban method originate?",  # nor a team's use of a method its origin (probe S)
])
def test_a_headquarters_or_an_origin_no_document_states_is_declined(pinewood_and_drift_chain, question):
    assert ask(pinewood_and_drift_chain, question)["grounded"] is False


def test_an_answer_says_whose_document_it_quotes_when_its_title_does_not(pinewood_and_drift_chain):
    """ "Which company has a Little Nerds Day?" had been answered "From Senior Data Engineer:" (probe S)."""
    answer = ask(pinewood_and_drift_chain, "Which company offers a one-time hardware budget?")["answer"]
    assert answer.startswith("From Benefits (Pinewood):"), answer
    # ... and so does a refusal offering the documents
    assert "Benefits (Pinewood)" in ask(pinewood_and_drift_chain, "What is the capital of France?")["answer"]


def test_the_facets_every_level_of_a_ladder_shares_are_no_answer_about_one_level(pinewood_and_drift_chain):
    """ "What can a Swift Code Merger do?" had been answered with its headings "REQUIREMENTS", "PRIVILEGES", ... (probe S)."""
    result = ask(pinewood_and_drift_chain, "What can a Drift Code Owner do?")
    assert not any(s["text"] in ("Requirements", "Privileges") for s in result["statements"]), result["answer"]


HOLLY_AND_QUILL = {
    "holly-time-off.md": "# Time Off at Holly\n\n## Public holidays\n\n- New Year's Day (January 1)\n- Boxing Day (December 26)\n"
    "- Founders' Day: June 3\n\n## Civic duties\n\nIf you are called for jury duty, take the time you need: your pay continues.\n\n"
    "## On-call\n\nEngineers join the on-call rotation one week in six.\n",
    "quill-sre.md": "# Site Reliability Engineer at Quill\n\n## What you will do\n\n- Track our DORA metrics and improve them\n"
    "- Join the on-call rotation\n\n## Pay\n\nOn-call weeks are paid a stipend of $400 on top of the base salary.\n",
}


holly_and_quill_chain = module_chain("holly-and-quill", HOLLY_AND_QUILL)


@pytest.mark.parametrize("question", [
    "Why is Boxing Day called Boxing Day?",  # a list of holidays only names it (probe P); its other entries had answered
    "How is a jury selected in US courts?",  # a field closing the question may have a name before it (probe T)
    "Is on-call paid extra at Holly?",  # whether a thing is paid is told by a statement speaking of pay (probe T)
    "What does the DORA acronym stand for?",  # "acronym" may follow the short form (probe P)
])
def test_an_explanation_pay_or_spelling_the_documents_only_name_is_declined(holly_and_quill_chain, question):
    assert ask(holly_and_quill_chain, question)["grounded"] is False


@pytest.mark.parametrize("question, quoted", [
    ("Is on-call paid extra at Quill?", "stipend of $400"),
    ("Why does Holly continue pay during jury duty?", "your pay continues"),
])
def test_whether_a_thing_is_paid_or_why_is_answered_where_a_document_says_it(holly_and_quill_chain, question, quoted):
    answer = ask(holly_and_quill_chain, question)["answer"]
    assert quoted in answer, answer


BRAMBLE = {
    "bramble-platform-engineer.md": "**Bramble** · Engineering\n\n## Senior Engineer\n#### Menlo Park, CA\n\n**Job Description:**\n\n"
    "Based in Menlo Park, CA, we build tools that help small shops sell abroad.\n\n**We hope that:**\n"
    "+ You have shipped software for 4+ years.\n+ You know your way around microservices.\n\n**Who you are:**\n\n"
    "Bring a background in SRE, DevOps or systems engineering.\n\nWe will consider relocation assistance for the right candidate.\n",
}


bramble_chain = module_chain("bramble", BRAMBLE)


@pytest.mark.parametrize("question, quoted", [
    ("Where is the Bramble senior engineer position?", "Menlo Park"),  # a place the body names, below headings only (probe U)
    ("Does Bramble offer relocation help?", "relocation assistance"),  # the thing offered, in other words (probe U)
])
def test_a_place_named_below_headings_or_an_offer_in_other_words_is_answered(
        bramble_chain, question, quoted):
    answer = ask(bramble_chain, question)["answer"]
    assert quoted in answer, answer


def test_a_level_named_is_not_a_longer_level_ending_in_its_name(tmp_path):
    """ "What track record is expected of an Engineer II?" had been answered from "Senior Engineer II" (probe U)."""
    chain = chain_over_documents(tmp_path, {"ladder.md": "# Ladder\n\n## Levels\n\n### Engineer I\n\nYou learn the basics.\n\n"
                                  "### Engineer II\n\n#### Track Record\n\nYour work was integral to one project.\n\n"
                                  "### Senior Engineer\n\n#### Senior Engineer I\n\nTrack Record: You met these expectations.\n\n"
                                  "#### Senior Engineer II\n\nTrack Record: You have consistently met and exceeded these "
                                  "expectations over many projects.\n"})
    answer = ask(chain, "What track record is expected of an Engineer II?")["answer"]
    assert "integral to one project" in answer and "consistently" not in answer, answer


def test_an_amount_of_a_kind_of_leave_a_policy_never_names_is_declined_but_a_frequency_is_no_kind(tmp_path):
    """ "How much parental leave does Hanno give?" had been answered with its 35 days of holiday (probe U)."""
    chain = chain_over_documents(tmp_path, {
        "wren-time-off.md": "# Time Off at Wren\n\n## Leave\n\nEveryone takes at least 35 days of leave a year.\n\n"
                            "## Sick leave\n\nTake the sick leave you need.\n",
        "quill-sre.md": "# Site Reliability Engineer at Quill\n\n## Benefits\n\n- 16 weeks of paid parental leave\n"})
    assert ask(chain, "How much parental leave does Wren give?")["grounded"] is False
    answer = ask(chain, "How much annual leave does Wren give?")["answer"]
    assert "35 days" in answer, answer


def test_a_company_named_only_by_ordinary_words_in_its_text_is_whose_not_what_is_asked(tmp_path):
    """Every question about End Point Dev had been answered with the sentence saying what the company is (probe T)."""
    chain = chain_over_documents(tmp_path, {
        "devops-engineer-job.md": "# DevOps engineer job opening\n\nWe are hiring a DevOps engineer.\n\nBright Orchard Dev is an "
                                  "Internet technology consulting company based in Ohio, with 50 employees serving many "
                                  "clients.\n\n## You'll need experience with\n\n- IaC tools such as Terraform and Ansible\n"
                                  "- Containers with Docker\n\n## What we offer\n\n- Flexible, sane work hours\n- Paid holidays\n",
        "wren-time-off.md": "# Time Off at Wren\n\n## Leave\n\nEveryone takes at least 35 days of leave a year.\n"})
    for question, quoted in (("Which IaC tools does Bright Orchard Dev list?", "Terraform"),
                             ("What perks does Bright Orchard Dev offer?", "sane work hours")):
        answer = ask(chain, question)["answer"]
        assert quoted in answer and "consulting company" not in answer, answer


MEADOW_AND_ANCHOR = {
    "time-off-and-leave.md": "# Time off\n\nTake the time you need.\n\n## Sick leave\n\nFor absences over 3 consecutive days we "
                             "ask for a doctor's note.\n\nSick leave is fully paid for up to six weeks.\n\n"
                             "## Parental leave\n\nWe weigh your tenure at Meadow and your preferences.\n\nTravel for Meadow is "
                             "booked through People Ops.\n",
    "on-call-best-practices.md": "# Anchor Engineering Playbook\n\n## On-call rotations\n\nIn almost no case should there "
                                 "be fewer than 4 people nor more than 12 people in a rotation pool.\n\nA shift lasts a week.\n",
    "wren-sre.md": "# Site Reliability Engineer at Wren\n\nOur office looks over a meadow.\n\nYou page the on-call engineer "
                   "when a deploy fails.\n\n## What we look for\n\n- B.S. or higher in Computer Science, or equivalent "
                   "experience\n- Calm under pressure\n",
}


meadow_chain = module_chain("meadow", MEADOW_AND_ANCHOR)


@pytest.mark.parametrize("question, quoted", [
    # an ordinary word written as the company's name ("at Meadow"), though another document writes it in lower case (probe V)
    ("When does Meadow need a doctor's note for sickness?", "doctor's note"),
    # a title's first word no other document writes, and engineers counted as people (probe V)
    ("How many engineers should be in an on-call rotation pool according to Anchor?", "4 people"),
])
def test_a_company_named_by_an_ordinary_word_only_it_writes_as_a_name_is_answered_from_its_document(
        meadow_chain, question, quoted):
    result = ask(meadow_chain, question)
    assert quoted in result["answer"] and "meadow." not in result["answer"], result["answer"]


def test_a_count_of_a_kind_of_leave_is_a_statement_naming_that_kind(meadow_chain):
    """ "How many weeks of paid parental leave does Status give?" had been answered with six weeks of sick leave, the
    policy speaking of parental leave elsewhere (probe V)."""
    assert ask(meadow_chain, "How many weeks of paid parental leave does Meadow give?")["grounded"] is False
    assert "six weeks" in ask(meadow_chain, "How many weeks of paid sick leave does Meadow give?")["answer"]


def test_a_degree_asked_for_is_answered_by_its_letters(meadow_chain):
    """ "Is a degree required for the PresenceLearning data systems role?" had been refused (probe V)."""
    answer = ask(meadow_chain, "Is a degree required for the Wren SRE role?")["answer"]
    assert "B.S. or higher" in answer, answer


def test_a_question_naming_a_company_by_an_ordinary_word_is_not_answered_from_another_document(meadow_chain):
    """ "at Meadow" names the time-off page, so Wren's ad, which writes "a meadow", may not answer for it (probe V)."""
    result = ask(meadow_chain, "Who do I page at Meadow when a deploy fails?")
    assert result["grounded"] is False and "Time off" in result["answer"], result["answer"]


def test_a_count_of_days_off_is_answered_by_time_off_taken_as_needed(tmp_path):
    """Probe X: "How many vacation days do you get at langfuse?" was declined, though the handbook says "You can take
    PTO as needed": a count may be answered by there being none set, said in words, of the thing under the corpus's
    word for it ("vacation" is "PTO")."""
    chain = chain_over_one_document(
        tmp_path, "kelpie-handbook.md",
        "# Kelpie Handbook\n\n## Time off\n\nYou can take PTO as needed.\n\n"
        "Please tell your manager a few weeks in advance for longer absences.\n\n"
        "## Perks\n\n- A learning budget of 900 euros\n- A new laptop every three years\n",
    )
    result = ask(chain, "How many vacation days do you get?")
    assert result["grounded"] and "PTO as needed" in result["answer"]


def test_a_tech_stack_is_asked_of_the_technology_a_page_lists(tmp_path):
    """Probe Y: "What's Roadie's tech stack?" was declined as asking of things no document names ("tech", "stack"),
    beside a list headed "Technology We're Using Now"."""
    chain = chain_over_documents(tmp_path, {
        "jobs_108.txt": "Site Reliability Engineer\nKelpie\nREMOTE\n\nKelpie is seeking a Site Reliability Engineer.\n\n"
                        "What You'll Do\n\n  * Keep the clusters healthy\n  * Run the on-call rota\n\n"
                        "Technology We're Using Now\n\n  * Python, Golang\n  * Postgres, Kafka\n  * Terraform\n\n"
                        "Why Kelpie?\n\n  * Unlimited PTO\n  * Monthly 3-day weekends\n",
        "tern-analyst.md": "# Data Analyst at Tern Freight\n\n## What you will do\n\n* Build the weekly dashboards\n",
    })
    result = ask(chain, "What's Kelpie's tech stack?")
    assert result["grounded"] and "Postgres, Kafka" in result["answer"], result["answer"]


def test_a_count_asked_as_an_acronym_is_answered_where_the_page_writes_it_out(tmp_path):
    """Probe X: "How many PRs do I need to get merged to become a flux maintainer?" was declined beside "contribute 15
    non-trivial pull requests (total) and have them merged"."""
    chain = chain_over_one_document(
        tmp_path, "kelpie-roles.md",
        "# Kelpie Community Roles\n\n## Maintainer\n\nTo become a maintainer you should:\n\n"
        "- review 10 non-trivial pull requests (total)\n- contribute 15 non-trivial pull requests (total) and have them merged\n"
        "- be responsive to issues and PRs assigned to you\n",
    )
    result = ask(chain, "How many PRs do I need to get merged to become a maintainer?")
    assert result["grounded"] and "contribute 15 non-trivial pull requests" in result["answer"], result["answer"]


def test_an_acronym_a_passage_spells_out_and_a_documents_initials_in_a_role_are_no_unknown_names(tmp_path):
    """Probes X and Y: "How many PRs to become a StencilJS committer?" was declined as not mentioning "PRs", which
    the governance writes "pull requests"; "What does the FPC strategic council do?" as not mentioning the "fpc
    strategic council", FPC being the initials of the Foundation for Public Code whose governance it is."""
    chain = chain_over_documents(tmp_path, {
        "gizmo-governance.md": "# Gizmo governance\n\n## Committers\n\nTo become a committer, have submitted a minimum of "
        "15 qualifying pull requests and be nominated by a maintainer.\n",
        "foundation-for-public-code-governance.md": "# Governance model\n\n## Strategic council\n\nThe strategic council "
        "helps the board of directors with key strategic decisions and serves as an ambassador for our mission.\n",
    })
    assert "15 qualifying pull requests" in ask(chain, "How many PRs to become a Gizmo committer?")["answer"]
    assert "helps the board of directors" in ask(chain, "What does the FPC strategic council do?")["answer"]


def test_who_runs_a_thing_is_answered_by_the_role_that_runs_it(tmp_path):
    """Probe Z1: "Who runs the technical board election?" was declined once a maker's question ("Who created ...?")
    came to need a name: a returns officer runs it."""
    chain = chain_over_documents(tmp_path, {
        "organization.md": "# Organization of the Gizmo Project\n\n## Technical board\n\nThe technical board is elected "
        "each year. The election process is managed by a returns officer nominated by the board.\n",
        "gizmo-pay.md": "# Gizmo pay policy\n\n## Bands\n\nEvery engineer is paid within a band.\n",
    })
    assert "returns officer" in ask(chain, "Who runs the technical board election?")["answer"]


ad_and_policy_chain = module_chain("tallowmere", {
    "jobs_5521.txt": "DevSecOps Engineer\nTallowmere Systems\nRemote\n\nJob Description\n\nTallowmere is seeking a DevSecOps "
    "Engineer to harden our delivery pipelines.\n\nQualifications\n\n- At least 3 years of experience with Azure cloud\n"
    "- 6-8+ years of software engineering or security operations\n"
    "- Intermediate English reading level\n\nWhy Tallowmere?\n\n- Flexible work schedule with unlimited PTO\n"
    "- Monthly work from home stipend of $50\n"
    "- Remote work is supported for employees in Arizona, Ohio and Texas.\n\nOur team\n\nWe meet in person once a "
    "year. Last year this was Lisbon.\n\nNext steps\n\nSend a cover letter and links to your work.\nApply: careers@tallowmere.example\n",
    "paid-time-off.md": "# Paid Time Off\n\nBrisklane encourages everyone to rest. Brisklane offers time away for any reason.\n\n"
    "## Types of Time Off\n\n1. Casual and Sick Leave: 12 days\n2. Winter Break\n3. Parental Leave\n\n## Requesting it\n\n"
    "Request longer trips at least 3 weeks in advance so projects can be covered.\n",
})


@pytest.mark.parametrize("question, quoted", [
    # a thing counted in two kinds joined by "and" (probe Z2: "casual" alone was counted, and nothing said it)
    ("How many casual and sick leave days does Brisklane give?", "Casual and Sick Leave: 12 days"),
    # a word capitalised only as the first of a list entry is no name's ("English" of "Intermediate English")
    ("What level of English does the Tallowmere job want?", "Intermediate English reading level"),
    # "time off" is written "PTO" (0.24 against "unlimited PTO" alone; probe Y)
    ("How much time off does Tallowmere give?", "unlimited PTO"),
    # where the job may be done answers whether it may be done from a place it does not name (probes X, Z1)
    ("Could I work for Tallowmere remotely from Nevada?", "Arizona, Ohio and Texas"),
    ("can I wfh at tallowmere?", "Remote"),
    # ... by where one may, not by a perk for working from home (probe Z3)
    ("can I work from home at tallowmere?", "Remote work is supported"),
    # a heading asking why the company is its pitch, its perks (probe Y: Roadie's perks were answered with requirements)
    ("What perks does Tallowmere offer?", "Flexible work schedule with unlimited PTO"),
    # a sentence pointing back after a few words is quoted with the one it points to (probe X)
    ("Where did Tallowmere meet last year?", "We meet in person once a year. Last year this was Lisbon."),
    # an address to write to is a statement writing one out, however little else it shares (probe Y: 0.34)
    ("What email do I send my Tallowmere application to?", "careers@tallowmere.example"),
    # notice is given in advance (probes X and Z2: "how much notice" had been declined beside "2 weeks in advance")
    ("How much notice does Brisklane want before time off?", "at least 3 weeks in advance"),
    # years of a field are an amount of experience, though the entry does not say "experience" (probe Z1)
    ("How much experience does Tallowmere want?", "6-8+ years of software engineering"),
])
def test_questions_of_the_public_probes_kinds_are_answered_from_the_document_named(ad_and_policy_chain, question, quoted):
    result = ask(ad_and_policy_chain, question)
    assert result["grounded"] and quoted in result["answer"], result["answer"]


def test_an_ad_whose_title_names_no_company_is_attributed_to_the_one_its_text_says_is_hiring(ad_and_policy_chain):
    """Probe Z1: "DevSecOps Engineer", a title naming no one, was taken for a company's name ("Truss Engineering
    Playbook"), so the answer said "From DevSecOps Engineer:" and a question naming Accumulus kept its name."""
    result = ask(ad_and_policy_chain, "What cloud does Tallowmere want experience with?")
    assert result["answer"].startswith("From DevSecOps Engineer (Tallowmere):"), result["answer"]
    assert "Azure" in result["answer"]



def test_a_heading_stating_the_pay_answers_a_pay_question_with_what_it_heads(tmp_path):
    """A public job page headed its pay "💰 $120,000 - $190,000" over a sentence on what it depends on: pay questions
    were declined, no statement stating an amount."""
    chain = chain_over_one_document(
        tmp_path, "pebblecrest-data-engineer.md",
        "# Senior Data Engineer at Pebblecrest\n\n## 📈 Career Progression\n\n- Grow into a Staff Engineer within three years\n\n"
        "## 💰 $120,000 - $190,000\n\nBase salary depends on location and experience.\n\n## 🎁 Benefits\n\n- Private health insurance\n",
    )
    for question in ("What's the salary?", "How much does it pay?"):
        result = ask(chain, question)
        assert result["grounded"] and "$120,000 - $190,000" in result["answer"], result["answer"]


# Probe Z3's classes: a job board's export with its fields first, a leave policy with a table, a job ad whose duties
# follow a paragraph under their own label.
EXPORT_AND_POLICY = {
    "jobs_58214.txt": "JOB ID: 58214\nPOSTED VIA: remote job board export\nTITLE: Backend Engineering Manager\n"
    "LOCATION: Remote, India\n\nAbout the Company\n\nWeftwise is a data platform for weavers. Weftwise is proud to be an "
    "equal opportunity workplace.\n\nImpact\n\nYou will lead the backend team.\n",
    "ravelry-leave.md": "# Ravelry Leave Policy\n\n| Your service time | Paid days per year | Can carry over |\n|---|---|---|\n"
    "| 0 to 6 months | 0 days | none |\n| 6 months and more | 14 days | 3 days |\n\n"
    "Leftover days at year end: max 3 paid days move to next year.\n",
    "loomcraft-engineer.html": "<html><head><title>Software Engineer - Loomcraft</title></head><body><h1>Software Engineer"
    "</h1><h2>What you'll do</h2><p>You will join our engineering team. On a typical day you might be prototyping a new "
    "tool.</p><h3>You will:</h3><ul><li>Design looms with our product team.</li><li>Review code with teammates.</li>"
    "<li>Keep our services running.</li></ul><h2>Benefits</h2><ul><li>Dental insurance</li><li>Yarn stipend</li></ul>"
    "<p>Our stack runs on AWS.</p></body></html>",
    "jobs_120483.txt": "DevSecOps Engineer at Ashford\nRemote\n\nAshford is seeking a DevSecOps Engineer.\n\n"
    "Responsibilities\n\nEmbed security controls into the CI/CD pipeline.\nComplete security risk assessments on new "
    "features.\nParticipate in the incident response process.\nProficient in at least one coding language (Python or Ruby).\n\n"
    "Qualifications\n\nThree years of experience with AWS.\nExperience with containers such as Docker.\n",
}
export_and_policy_chain = module_chain("export-and-policy", EXPORT_AND_POLICY)


def test_a_company_said_to_be_an_equal_opportunity_workplace_names_its_untitled_export_and_where_is_its_location_field(
        export_and_policy_chain):
    answer = ask(export_and_policy_chain, "where's the weftwise backend engineering manager based")["answer"]
    assert answer.startswith("From Backend Engineering Manager (Weftwise):") and "LOCATION: Remote, India" in answer, answer
    assert "POSTED VIA" not in answer, answer


def test_an_amount_asked_a_year_is_answered_by_the_amount_stated_per_year(export_and_policy_chain):
    answer = ask(export_and_policy_chain, "how many paid days off a year at ravelry")["answer"]
    assert "Paid days per year: 14 days" in answer and "Leftover" not in answer, answer


def test_a_section_asked_in_everyday_words_answers_with_the_list_its_label_heads_after_its_paragraph(export_and_policy_chain):
    answer = ask(export_and_policy_chain, "what would i spend my days doing as a software engineer at loomcraft?")["answer"]
    lines = answer.splitlines()
    assert [line.split(" [")[0] for line in lines[1:4]] == [
        "- Design looms with our product team.", "- Review code with teammates.", "- Keep our services running."], answer


def test_a_section_asked_in_everyday_words_answers_with_its_entries_in_order_whatever_they_say(export_and_policy_chain):
    """ "what would i spend my days doing ...?" named no section: its everyday words are in no heading (probe Z1)."""
    answer = ask(export_and_policy_chain, "what would i spend my days doing as a devsecops engineer at ashford?")["answer"]
    assert [line.split(" [")[0] for line in answer.splitlines()[1:]] == [
        "- Embed security controls into the CI/CD pipeline.", "- Complete security risk assessments on new features.",
        "- Participate in the incident response process.", "- Proficient in at least one coding language (Python or Ruby)."], answer


def test_which_of_the_job_posts_mention_a_thing_is_asked_of_every_document(export_and_policy_chain):
    answer = ask(export_and_policy_chain, "Which of the job posts mention AWS?")["answer"]
    assert "Loomcraft" in answer and "Ashford" in answer, answer


def test_how_many_of_a_thing_a_ladder_numbers_in_its_headings_is_answered_by_those_headings(tmp_path):
    """ "How many levels are there in Glitch's engineering ladder?" had been declined: no statement counts them (probe X)."""
    chain = chain_over_one_document(tmp_path, "ladder.md", "# Engineering Ladder\n\n## How it works\n\nEach level builds "
                                    "on the one before.\n\n## Level 1: Engineer I\n\nYou learn the codebase.\n\n"
                                    "## Level 2: Engineer II\n\nYou own features.\n\n## Level 3: Senior Engineer\n\n"
                                    "You lead projects.\n")
    answer = ask(chain, "How many levels are there in the engineering ladder?")["answer"]
    assert [line.split(" [")[0].removeprefix("- ") for line in answer.splitlines()] == [
        "Level 1: Engineer I", "Level 2: Engineer II", "Level 3: Senior Engineer"], answer


def test_a_name_offered_as_one_of_two_alternatives_declines_nothing_the_other_settles(tmp_path):
    """ "is the relativity pay quoted for B2B or employment contract?" had been declined for "B2B" (probe Z3)."""
    chain = chain_over_one_document(tmp_path, "quarry-engineer.md", "# Engineer at Quarry\n\n## Compensation\n\nThe salary "
                                    "range is PLN 184 000 to 249 000 gross a year on an employment contract.\n")
    answer = ask(chain, "Is the pay quoted for B2B or an employment contract?")["answer"]
    assert "employment contract" in answer and "mention" not in answer, answer
    assert "mention B2B" in ask(chain, "Is the pay quoted for B2B contracts?")["answer"]


def test_a_level_s_requirements_asked_by_name_are_its_own_not_a_list_elsewhere_naming_the_level(tmp_path):
    """ "what are the requirements to become a zarf reviewer?" had got the Maintainers' pre-requisites, a list opening
    "Reviewer for at least 1 month" (probe Z3)."""
    chain = chain_over_one_document(tmp_path, "ladder.md", "# Contributor Ladder\n\n## Roles\n\n### Reviewers\n\n"
                                    "Reviewers are trusted members that review changes.\n\n#### Responsibilities\n\nCommits to "
                                    "being an active contributor and reviewer.\n\n#### Prerequisites\n\nExperience as a "
                                    "Contributor for at least 6 months\nIs an Organization Member\nHas analyzed and resolved "
                                    "test failures\n\n### Maintainers\n\nMaintainers merge code.\n\n#### Pre-requisites\n\n"
                                    "- Reviewer for at least 1 month\n- Reviewed at least 10 substantial PRs to the codebase\n")
    answer = ask(chain, "what are the requirements to become a reviewer?")["answer"]
    assert "\n- Is an Organization Member [" in answer and "Reviewer for at least 1 month" not in answer, answer


def test_counts_said_by_who_does_a_thing_typed_acronyms_and_kinds_joined_are_counts_of_it(tmp_path):
    """Probe Z4 declined "how many sponsors do you need for kubevirt membership" ("Sponsored by 2 org members"), "how
    many prs a year does a copacetic reviewer have to review" ("prs" typed in lower case), "how many holidays do you get
    at scout motors" ("14 company or floating holidays") and "how much time do copacetic maintainers commit monthly"
    (no "time" in the ladder: it asks how long)."""
    chain = chain_over_one_document(tmp_path, "ladder.md", "# Contributor Ladder\n\n## Member\n\n- Sponsored by 2 org "
                                    "members\n- Authored at least one pull request\n\n## Reviewer\n\n- Reviewing at least 12 "
                                    "PRs per year\n- Can commit to spending at least 10 hours per month on the project\n\n### Requirements\n\n- Has "
                                    "reviewed at least 5 pull requests\n\n"
                                    "## Leave\n\n- 40 hours of sick leave and 14 company or floating holidays, annually\n"
                                    "- Two, week-long company breaks per year\n"
                                    "\n## Parental leave\n\nParental leave lets members take time with their families when "
                                    "a child arrives. Our policy starts out at 16 weeks paid leave.\n")
    for question, said in [("how many sponsors do you need for membership?", "Sponsored by 2 org members"),
                           ("how many prs a year does a reviewer have to review?", "at least 12 PRs per year"),
                           ("how many holidays do you get?", "14 company or floating holidays"),
                           ("how much time do reviewers commit monthly?", "10 hours per month"),
                           ("number of PRs a reviewer reviews each year?", "at least 12 PRs per year"),
                           # to become one asks its requirements, not what it then does (probe Z4)
                           ("how many PRs must you have reviewed to become a reviewer?", "at least 5 pull requests"),
                           # a compound kind is said by either word (Relativity's, probe Z3)
                           ("how many company-wide breaks are there per year?", "week-long company breaks")]:
        assert said in ask(chain, question)["answer"], question
    # "parental leave length?" asks how long, as "how long" does (Meltano's, probe Z4)
    answer = ask(chain, "parental leave length?")["answer"]
    assert "16 weeks paid leave" in answer and "take time with their families" not in answer, answer


def test_a_company_named_by_an_ordinary_word_typed_in_lower_case_where_a_company_stands_names_its_document(tmp_path):
    """ "what languages does lambda want for the infra role" had been answered by "Company: Lambda": another ad
    writes "Lambda" as a technology, so "lambda" typed in lower case had named no document (probe Z4)."""
    chain = chain_over_documents(tmp_path, {
        "harbor-core-infrastructure.md": "# Senior Software Engineer - Core Infrastructure\n\nCompany: Harbor\n\nHarbor "
        "runs clusters for research labs. At Harbor, infrastructure is the product.\n\n## You\n\n- Possess strong "
        "development skills in Python or Golang\n- Have 5+ years operating Kubernetes at scale\n",
        "quarry-devops.md": "# DevOps Engineer at Quarry\n\nQuarry makes mining software.\n\n## Requirements\n\n- Experience "
        "with Harbor registries, Docker and Kubernetes\n- Scripting in languages like Bash or PowerShell\n",
    })
    for question in ("what languages does harbor want for the infra role?",
                     "what languages for the harbor infra role?"):  # right before a word of its title
        answer = ask(chain, question)["answer"]
        assert "Python or Golang" in answer and "Bash" not in answer, (question, answer)
    # ... and a question of the asker in the job, naming none, is of the job the conversation named
    history = [{"role": "user", "content": "tell me about harbor's core infrastructure opening"},
               {"role": "assistant", "content": "It is a senior software engineer role at Harbor."}]
    answer = ask(chain, "which scripting languages would i be using day to day?", history)["answer"]
    assert "(Harbor)" in answer and "Quarry" not in answer, answer


def test_what_things_are_there_asks_for_every_row_of_a_table_of_them(tmp_path):
    """ "what roles are there in kubevirt's community membership" had got two sentences saying "roles" (probe Z4)."""
    chain = chain_over_one_document(tmp_path, "membership.md", "# Community membership\n\nThis document outlines the "
                                    "contributor roles of the project.\n\n| Role | Requirements |\n|---|---|\n| Contributor | "
                                    "One pull request |\n| Member | Two sponsors |\n| Reviewer | Twenty reviews |\n| Approver | "
                                    "Thirty reviews |\n\n## Member\n\nMembers are established contributors with project "
                                    "roles and duties.\n")
    answer = ask(chain, "what roles are there in the community membership?")["answer"]
    assert all(f"Role: {role};" in answer for role in ("Contributor", "Member", "Reviewer", "Approver")), answer


def test_what_an_acronym_stands_for_is_the_statement_spelling_it_out_not_the_list_it_points_at(tmp_path):
    """ "what does WUF stand for" had got the steps to estimate one's WUF, which a sentence spelling it out pointed at
    (Reef's equipment policy, probe Z4)."""
    chain = chain_over_one_document(tmp_path, "equipment.md", "# Equipment Policy\n\n## Workplace Upgrade Fund (WUF)\n\nBy working here you "
                                    "slowly build your Workplace Upgrade Fund. To estimate your WUF:\n\n- Calculate 2% of your "
                                    "earnings\n- Subtract any WUF you spent\n- Confirm the amount with the COO\n")
    answer = ask(chain, "what does WUF stand for?")["answer"]
    assert "Workplace Upgrade Fund" in answer and "Calculate" not in answer, answer


def test_a_follow_up_naming_the_next_level_and_its_section_in_everyday_words_gets_that_section(tmp_path):
    """ "ok and after that, what does it take to be a maintainer?" after the reviewers' requirements had got the
    maintainers' nomination process: its opening words had kept "take" from counting as everyday words (probe Z4)."""
    chain = chain_over_one_document(tmp_path, "ladder.md", "# Contributor Ladder\n\n## Reviewer\n\nReviewers review "
                                    "changes after tests pass and the build is ok.\n\n### Requirements\n\n- Contributor for at least 3 months\n- Reviewed at least 5 "
                                    "pull requests\n\n### The process of becoming a Reviewer is\n\n- A maintainer opens a pull "
                                    "request naming the nominee\n- The nominee agrees in a comment\n\n## Maintainer\n\n"
                                    "Maintainers merge changes.\n\n### Requirements\n\n- Reviewer for at least 6 months\n- Can "
                                    "commit to spending at least 10 hours per month on the project\n\n### Process of becoming a "
                                    "maintainer\n\n- Any current maintainer may nominate a current reviewer to become a new "
                                    "maintainer\n- A majority of the maintainers must approve the nomination\n")
    history = [{"role": "user", "content": "how do i become a reviewer?"},
               {"role": "assistant", "content": "You need at least 3 months as a contributor and 5 reviewed pull requests."}]
    answer = ask(chain, "ok and after that, what does it take to be a maintainer?", history)["answer"]
    assert "Reviewer for at least 6 months" in answer and "nominate" not in answer, answer


@pytest.mark.parametrize("question", ["can i do the content job remote from nyc?", "can i do the content job remote from new york city?"])
def test_asking_whether_a_job_is_remote_from_a_place_is_answered_by_what_is_said_of_that_place(tmp_path, question):
    """ "can i do the scout content pm job remote from nyc" had got the byline "Location: Remote, United States", not
    "This role is not eligible for remote work in New York City." (probe Z4)."""
    chain = chain_over_one_document(tmp_path, "content-manager.md", "# Content Manager at Scoutwell\n\nLocation: Remote, "
                                    "United States\n\n## About the role\n\nYou will write help articles.\n\n## Notice to "
                                    "applicants\n\nThis role is not eligible for remote work in New York City.\n")
    answer = ask(chain, question)["answer"]
    assert "not eligible for remote work in New York City" in answer, answer


def test_a_heading_matching_a_question_less_than_an_answer_must_does_not_answer_with_its_list(tmp_path):
    """ "what should I put in the subject line?" had got the "Required skills" list, whose heading came within 0.39 of
    it, over the statement saying what goes in the subject line (Hack Club's ad, probe Z1)."""
    chain = chain_over_one_document(tmp_path, "bank-lead.md", "# Bank Tech Lead at Quayside\n\n## Required skills\n\n"
                                    "- Senior-level expertise in Ruby on Rails\n- Prior experience managing small teams\n- "
                                    "Product-oriented mindset\n\n## Nice to have\n\n- Experience with payments\n- Open-source "
                                    "work\n\nHow to apply: Email jobs@quayside.example with \"the tide turns\" in the subject "
                                    "line and your resume.\n")
    answer = ask(chain, "what should I put in the subject line?")["answer"]
    assert "the tide turns" in answer and "Ruby" not in answer, answer


def test_how_big_a_company_is_is_answered_by_how_many_people_it_is(tmp_path):
    """ "how big is deel" had been declined: "Deel consists of more than three thousand self-driven individuals" (probe Z4)."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-devops.txt": "DevOps Engineer\nQuarrix\n\nWho we are:\nQuarrix helps mines plan their haul roads. Quarrix "
        "consists of more than three thousand self-driven individuals spanning over 40 countries.\n\nRequirements:\n4+ "
        "years of DevOps experience\nKubernetes: Strong hands-on experience running clusters.\n",
        "tern-analyst.md": "# Data Analyst at Tern Freight\n\nTern Freight moves produce by sea.\n\n## Benefits\n\n- Six "
        "weeks of paid holiday\n- A yearly learning budget\n"})
    answer = ask(chain, "how big is quarrix?")["answer"]
    assert "three thousand self-driven individuals" in answer, answer


@pytest.mark.parametrize("question", ["can i do the quarrix staff job from canada?",
                                      "can you work remotely from outside the US for the quarrix job?"])
def test_asked_from_a_place_no_document_names_the_place_the_job_requires_answers(tmp_path, question):
    """ "can i do the easypost staff .net job from canada" had been declined for "Canada", and "... from outside the US
    for the easypost or milliman jobs?" answered "EasyPost doesn't say": its "must be authorized and based in the United
    States." is far from the question's words, and "Equal Opportunity" had named a town (probe Z3)."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-staff.txt": "Staff Engineer\nQuarrix\nRemote\n\nAbout the Role\n\nQuarrix builds shipping software for "
        "online stores.\n\nWhat You Will Do\n\nWork with Enterprise development to design new services.\nMentor other "
        "engineers.\n\nData Privacy Notice\n\nQuarrix is an Equal Opportunity Employer. To be considered for this "
        "position, you must be authorized and based in the United States.\n",
        "tern-analyst.md": "# Data Analyst at Tern Freight\n\nTern Freight moves produce by sea.\n\n## Benefits\n\n- Six "
        "weeks of paid holiday\n- A yearly learning budget\n"})
    answer = ask(chain, question)["answer"]
    assert "based in the United States" in answer, answer


def test_what_kinds_of_a_thing_are_asked_the_statement_giving_examples_leads(tmp_path):
    """ "what kind of stuff will holdex reimburse" had got "Any pre-approved, reasonable expense ... can be reimbursed."
    alone, over "Examples of reimbursable expenses: software subscriptions, ..." (probe Z3)."""
    chain = chain_over_one_document(tmp_path, "expenses.md", "# Expenses at Quarrix\n\n## Expenses\n\nAny pre-approved, "
                                    "reasonable expense tied to your work at Quarrix can be reimbursed. Expenses incurred "
                                    "without prior written approval will not be reimbursed.\n\n### What qualifies\n\nExamples "
                                    "of reimbursable expenses: software subscriptions, travel, conference fees.\n")
    answer = ask(chain, "what kind of stuff gets reimbursed?")["answer"]
    assert answer.splitlines()[0].count("software subscriptions") == 1, answer


def test_words_right_after_a_documents_name_are_that_documents_not_another_title(tmp_path):
    """ "is a guestline senior engineer at enable level for influence too?" had also been asked of Motional's "Senior
    Engineer - Semantic Search", which "doesn't say" (probe Z3)."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-levels.md": "# Quarrix Software Engineering Job Levels\n\n## Senior Software Engineer\n\n- Mentors junior "
        "engineers on the team\n- Leads design reviews\n\n## Staff Software Engineer\n\n- Sets technical direction\n",
        "motionwise-senior.md": "# Senior Engineer - Semantic Search\n\nMotionwise builds self-driving software. At "
        "Motionwise we search driving logs.\n\n## Responsibilities\n\n- Build a text-to-image search engine\n- Mentor "
        "interns\n"})
    answer = ask(chain, "does a quarrix senior engineer mentor others?")["answer"]
    assert "Mentors junior engineers" in answer and "Semantic Search" not in answer, answer


def test_the_highest_role_of_a_ladder_is_the_last_of_its_levels_alike_in_their_parts(tmp_path):
    """ "what's the highest role in the copacetic ladder" and "what's the top level called in the zarf ladder" had got
    a level's duties or nothing: no statement says "highest"; the levels are the sections alike in their parts (each
    with its responsibilities and requirements), and the last of them is the highest (probes Z3 and Z4)."""
    chain = chain_over_one_document(tmp_path, "ladder.md", "# Quarrix Contributor Ladder\n\n## Contributor\n\nDescription: "
                                    "Contributors send changes.\n\n### Responsibilities\n\n- Follow the guide\n\n### "
                                    "Requirements\n\n- One merged change\n\n## Reviewer\n\nDescription: Reviewers check "
                                    "changes.\n\n### Responsibilities\n\n- Review changes weekly\n\n### Requirements\n\n- Ten "
                                    "merged changes\n\n## Maintainer\n\nDescription: Maintainers are established contributors "
                                    "who steer the project.\n\n### Responsibilities\n\n- Merge changes\n\n### Requirements\n\n"
                                    "- A year as a reviewer\n\n## Inactivity\n\nMembers inactive for a year step down.\n")
    answer = ask(chain, "what's the highest role in the ladder?")["answer"]
    assert answer.startswith("Maintainer [") and "steer the project" in answer, answer


def test_the_levels_of_a_ladder_asked_for_together_are_each_level_alike_in_its_parts(tmp_path):
    """ "what are the roles on the shipwright contributor ladder" had got the ladder's welcome (probe Z5): no section is
    titled "roles"; the levels are the sections alike in their parts, each shown by its first statement."""
    chain = chain_over_one_document(tmp_path, "ladder.md", "# Quarrix Contributor Ladder\n\nWelcome! Each role comes "
                                    "with privileges.\n\n## Contributors\n\nContributors send changes.\n\n### Expectations\n\n"
                                    "- Follow the guide\n\n### Privileges\n\n- Triage issues\n\n## Reviewers\n\nReviewers check "
                                    "changes.\n\n### Expectations\n\n- Review weekly\n\n### Privileges\n\n- Approve changes\n\n"
                                    "## Maintainers\n\nMaintainers steer the project.\n\n### Expectations\n\n- Plan releases\n\n"
                                    "### Privileges\n\n- Admin rights\n\n## Inactivity\n\nMembers inactive for a year step down.\n")
    for question in ("what are the roles on the quarrix ladder?", "what levels are there in the quarrix ladder"):
        answer = ask(chain, question)["answer"]
        assert all(f"{level}: {level} " in answer for level in ("Contributors", "Reviewers", "Maintainers")), answer
        assert "Inactivity" not in answer and "Welcome" not in answer, answer


def test_a_part_its_documents_title_names_too_is_the_list_asked_for(tmp_path):
    """ "list the severity levels" of a policy titled "Incidents and Severity Levels" had got its outline ("Incidents",
    "Severity Levels"): every word asked names the document, and named its part too (probe Z5)."""
    chain = chain_over_one_document(tmp_path, "incidents.md", "# Incidents and Severity Levels\n\n## Incidents\n\nDeclare "
                                    "incidents early.\n\n## Severity Levels\n\n### SEV-1\n\nCritical issue needing public "
                                    "notice.\n\n### SEV-2\n\nMajor issue for many customers.\n\n### SEV-3\n\nMinor issue.\n")
    answer = ask(chain, "list the severity levels")["answer"]
    assert all(level in answer for level in ("SEV-1", "SEV-2", "SEV-3")) and "Declare" not in answer, answer


def test_a_long_list_labelling_a_few_names_each_shows_the_names(tmp_path):
    """ "what technical skills are listed" had got "Scripting", "Containerization" and the other labels without
    "PowerShell, bash" or "Docker, Kubernetes" (probe Z5): a label stands for a statement it explains, not for the
    few names it introduces."""
    chain = chain_over_one_document(tmp_path, "devops.md", "# Senior DevOps Engineer\n\n## Technical skills\n\n"
                                    "- Configuration management (with CMDB)\n- Cloud administration: Azure, AWS, GCP\n"
                                    "- Release tools: Azure DevOps, Octopus Deploy\n- Scripting: PowerShell, bash\n"
                                    "- Infrastructure as Code: Terraform\n- Containerization: Docker, Kubernetes\n")
    answer = ask(chain, "what technical skills are listed for the devops engineer")["answer"]
    assert all(name in answer for name in ("CMDB", "Octopus Deploy", "PowerShell", "Terraform", "Docker, Kubernetes")), answer


def test_a_section_asked_for_by_its_plain_name_is_not_narrowed_by_words_its_document_never_uses(tmp_path):
    """ "what should i already know before applying to the opentable db engineer thing" had got four entries of eleven
    (probe Z5): "db", "already" and "thing" were held to narrow the section, though the ad never says them."""
    requirements = ["3 years with PostgreSQL", "A scripting language such as Go", "Configuration management at scale",
                    "Root cause analysis of outages", "A place on the on-call rotation"]
    chain = chain_over_documents(tmp_path, {
        "jobs_4411.txt": "Job #4411\nSenior Database Engineer\nRemote\n\nAt Quarrix, we run databases for diners. Quarrix is hiring.\n\n"
        "== In this role, you will ==\n\nKeep the databases up and backed up.\n\n== Please apply if ==\n\n"
        + "".join(f"- {entry}\n" for entry in requirements) + "\n== Benefits ==\n\n- Paid vacation\n- Pension fund\n",
        "kiln-designer.md": "# Product Designer at Kiln Studio\n\n## What we're looking for\n\n- A portfolio\n",
    })
    answer = ask(chain, "what should i already know before applying to the quarrix db engineer thing")["answer"]
    assert all(entry in answer for entry in requirements) and "portfolio" not in answer, answer


def test_a_count_whose_kind_its_passage_says_answers_how_many(tmp_path):
    """ "how many pay zones does block use" was declined (probe Z5): "one of four zones" counts zones, and "pay", the kind
    asked, is said a sentence earlier in its passage. A count of the thing in a passage never saying its kind is none."""
    chain = chain_over_one_document(tmp_path, "quarrix-ml.md", "# ML Engineer at Quarrix\n\n## Pay\n\nQuarrix takes a "
                                    "market-based approach to pay, and pay varies by location. US locations are put into one "
                                    "of four zones by a cost of labor index.\n\n## Benefits\n\n- 12 paid holidays\n- Paid "
                                    "vacation\n")
    assert "four zones" in ask(chain, "how many pay zones does quarrix use for us locations")["answer"]
    assert "12 paid holidays" not in ask(chain, "how many sick days does quarrix give?")["answer"]


def test_being_a_thing_is_no_level_to_reach(tmp_path):
    """ "when does eurofins aim to be carbon neutral" was declined (probe Z5): "to be carbon neutral" was read as becoming
    a level, whose requirements answer first, and only "4 years of experience" was left."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-devops.md": "# DevOps Engineer at Quarrix\n\n## Requirements\n\n- 4 years of experience as a DevOps "
        "engineer\n\n## About us\n\nSustainability matters to us! We are well on our way to achieving our objective of "
        "carbon neutrality by 2025, through a combination of emission reduction and compensation initiatives.\n",
        **OTHER_DOCUMENT,
    })
    assert "by 2025" in ask(chain, "when does quarrix aim to be carbon neutral")["answer"]


def test_who_started_a_company_is_answered_by_who_founded_it_though_not_by_name(tmp_path):
    """ "who started hopskipdrive" was declined (probe Z5): the ad says "Founded by three moms", no name, and "started"
    was not "founded". A maker not named is the answer only of the document asked about."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-payroll.txt": "Payroll Manager\nQuarrix\n\nWho we are:\nQuarrix drives kids to school. We're growing "
        "rapidly: Founded by three moms as a solution to their own transport problems, we now run in 13 states.\n",
        **OTHER_DOCUMENT,
    })
    assert "three moms" in ask(chain, "who started quarrix")["answer"]
    assert "three moms" not in ask(chain, "who founded google?")["answer"]


def test_pay_a_document_sets_in_words_answers_what_its_salary_is(tmp_path):
    """ "what's the salary for the hack club bank tech lead?" was declined (probe Z1): the ad says "Competitive salary,
    commensurate with experience", no amount, and "1,500 Hack Clubbers" was the only number taken for pay."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-lead.md": "# Bank Tech Lead at Quarrix\n\nQuarrix is hiring a Tech Lead for Quarrix Bank, used by 1,500 "
        "students to run their clubs.\n\n## Benefits\n\n- Compensation: Competitive salary, commensurate with experience.\n"
        "- Laptop of your choice\n",
        **OTHER_DOCUMENT,
    })
    assert "commensurate with experience" in ask(chain, "what's the salary for the quarrix bank tech lead?")["answer"]
    # ... but a perk praising it sets nothing: "what salary range does it pay?" of "A competitive salary" (probe Y)
    (tmp_path / "praised").mkdir()
    praised = chain_over_documents(tmp_path / "praised", {
        "quarrix-sre.md": "# SRE at Quarrix\n\n## Why Quarrix?\n\n- A competitive salary.\n- Remote work\n",
        **OTHER_DOCUMENT,
    })
    assert ask(praised, "What salary range does the Quarrix SRE role pay?")["grounded"] is False


def test_a_named_documents_thing_said_in_other_words_and_its_pay_in_another_currency_answer(tmp_path):
    """Probe Z6: "what are the shift hours at ylopo" was declined, "hours" not being written beside "Shift Schedule: 9AM -
    6PM Pacific Standard"; "how much does the ylopo ... pay" too, the ad stating "php 50,000/month"."""
    chain = chain_over_documents(tmp_path, {
        "quarrix_client_manager.txt": "Client Manager\nQuarrix\nManila\n\nAbout Us:\nQuarrix sells software to real estate "
        "agents. Quarrix is growing.\n\nPay:\nphp 50,000/month with 20% variable comp plan\n\nSchedule:\nShift Schedule: "
        "9AM - 6PM Pacific Standard\nMust know PHP 8.1\n",
        **OTHER_DOCUMENT,
    })
    assert "9AM - 6PM" in ask(chain, "what are the shift hours at quarrix")["answer"]
    assert "50,000/month" in ask(chain, "how much does the quarrix client manager pay")["answer"]
    assert ask(chain, "What is the stock price of Quarrix?")["grounded"] is False


def test_a_list_of_what_a_document_titles_and_the_job_not_its_postings_fields(tmp_path):
    """Probe Z6: "quick list of base two benefits" got the lead-in alone ("list of" asked for no list), and "can i wfh full
    time at mantl" the posting's "source: remote job board", a field of the posting, not of the job."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-handbook-benefits.md": "# Benefits\n\nWe offer great benefits at Quarrix, so that life is less stressful. "
        "Quarrix cares.\n\n- Free employee healthcare\n- Vacation - 15 days per year\n- Holidays - 12 per year\n\n"
        "## Health Insurance\n\nQuarrix pays the premiums.\n",
        "lumen-bi.md": "---\ncompany: Lumen\nsource: remote job board\nstatus: to-apply\n---\n\n# BI Engineer at Lumen\n\n"
        "## About the role\n\nThis role is hybrid: three days a week in our Denver office.\n",
    })
    answer = ask(chain, "quick list of quarrix benefits")["answer"]
    assert all(entry in answer for entry in ("Free employee healthcare", "15 days per year", "12 per year")), answer
    assert "remote job board" not in ask(chain, "can i wfh full time at lumen")["answer"]


def test_asked_what_a_thing_is_a_line_naming_only_it_defines_nothing(tmp_path):
    """Probe Z8: "What is an IC5 at Sourcegraph?" got "IC5", a line of a list of the levels, and "Level: IC5", the row of
    a table holding only its level's name, where the row below says what the level is."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-ladder.html": "<html><head><title>Quarrix engineering levels</title></head><body><h1>Quarrix engineering "
        "levels</h1><h2>The levels</h2><p>IC4</p><p>IC5</p><p>IC6</p><h2>Level descriptions</h2><table><tr><th>Level</th>"
        "<th>Summary</th></tr><tr><td>IC5</td><td></td></tr><tr><td>IC5</td><td>A Staff Engineer, who finds the problems "
        "that matter to the business and drives their solutions.</td></tr><tr><td>IC4</td><td>A Senior Engineer who "
        "leads projects.</td></tr></table></body></html>",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "What is an IC5 at Quarrix?")["answer"]
    assert "Staff Engineer" in answer
    assert "- IC5 [" not in answer and "Level: IC5 [" not in answer


def test_a_jobs_location_asked_tersely_is_where_its_byline_says(tmp_path):
    """Probe Z8: "benchsci ML job location?" was declined, and "where is the ocelot consulting data engineer job?" got a
    requirement: "Saint Louis" is GeoNames' "St. Louis"."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-data-engineer.txt": "Quarrix Consulting\n\nData Engineer\nSaint Louis, MO | Full Time\n\nThe Role\nYou "
        "will build data pipelines for our clients.\n\nNice to have\n- Knowledge of API development and distributed "
        "microservice architectures\n- Experience with a data lake\n",
        "kiln-designer.md": "# Product Designer at Kiln Studio\n\nLondon, England\n\n## Pay\n\nThe salary is £60,000 a year.\n",
    })
    for question in ("quarrix data engineer job location?", "where is the quarrix consulting data engineer job?"):
        assert "Saint Louis" in ask(chain, question)["answer"], question
    assert "London" in ask(chain, "kiln designer job location?")["answer"]


def test_a_documents_name_misspelt_by_a_letter_names_it(tmp_path):
    """Probe Z8: "typical years of experience for IC3 at Sourcegrpah?" was declined for naming no document. A word no
    document uses, one letter from a name, is that name; a short one, or one near no name, is not."""
    chain = chain_over_documents(tmp_path, {
        "quarrixon-ladder.md": "# Quarrixon engineering levels\n\n## IC3\n\nTypically 5-8 years of experience.\n",
        **OTHER_DOCUMENT,
    })
    for misspelt in ("Quarixon", "quarrxion", "Quarrixonn"):
        answer = ask(chain, f"typical years of experience for IC3 at {misspelt}?")
        assert "5-8 years" in answer["answer"], misspelt
    assert ask(chain, "typical years of experience for IC3 at Zephyrline?")["grounded"] is False
    # ... and so is a word of its title ("turing insitute core hours?", probe Z9)
    (tmp_path / "titled").mkdir()
    titled = chain_over_documents(tmp_path / "titled", {
        "faq.md": "# Quarrix Institute recruitment FAQs\n\n## Hours\n\nOur core working hours are between 10 and 4.\n",
        **OTHER_DOCUMENT,
    })
    assert "between 10 and 4" in ask(titled, "quarrix insitute core hours?")["answer"]
    # A word one letter from a word the documents write is that word: "experiance" is "experience", not "Experian"
    # (probe Z15, where "is docker experiance relevant for the ORNL ...?" had quoted Experian's ad too).
    (tmp_path / "near").mkdir()
    near = chain_over_documents(tmp_path / "near", {
        "experian-platform-engineer.md": "# Platform Engineer at Experian\n\n## Background\n\n* Solid knowledge of Docker\n",
        "quarrix-sensing-engineer.md": "# Sensing Engineer at Quarrix\n\n## Requirements\n\n* Experience with Docker "
        "containers\n* Two years of experience in Python\n",
    })
    sources = {c["source"].rsplit("/", 1)[-1] for c in ask(near, "is docker experiance relevant for the quarrix job?")["citations"]}
    assert sources == {"quarrix-sensing-engineer.md"}


def test_two_words_a_sentences_end_separates_name_no_title(tmp_path):
    """Probe Z8: the follow-up "is it remote or do I have to go in?" after "What's the salary for the OpenAI Sora research
    engineer?" quoted another ad too: "engineer? is it remote" had been the pair of its title "Engineer (Remote)"."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-research-engineer-vela.md": "## Research Engineer\n\nVela - San Francisco\n\n**About the Role**\n\nWe use a "
        "hybrid work model of 3 days in the office per week.\n\n**Pay**\n\n$310K – $555K + Offers Equity\n",
        "kilnsci-senior-machine-learning-engineer.md": "# Senior Machine Learning Engineer (Remote)\n### KilnSci\n#### 🌎 "
        "remote,London, England\n\n## Description\n\nWe are looking for a Senior Machine Learning Engineer to join our team "
        "at KilnSci.\n",
    })
    history = [{"role": "user", "content": "What's the salary for the Quarrix Vela research engineer?"},
               {"role": "assistant", "content": "The posting lists $310K – $555K plus equity."}]
    answer = ask(chain, "is it remote or do I have to go in?", history)["answer"]
    assert "hybrid work model" in answer and "London" not in answer


def test_a_tables_row_of_another_member_than_the_one_asked_says_nothing_of_it(tmp_path):
    """Probe Z8: "typical years of experience for IC3 at Sourcegraph?" got "Typically 8+", of the row "Level: IC4"."""
    rows = "".join(f"<tr><td>IC{level}</td><td><p>An engineer of level {level}.</p><ul><li>Years of experience: Typically "
                   f"{years}</li><li>Analogy: {analogy}</li></ul></td></tr>"
                   for level, years, analogy in ((3, "5-8", "sails with a crew"), (4, "8+", "sails smaller sailboats solo")))
    chain = chain_over_documents(tmp_path, {
        "quarrix-levels.html": "<html><head><title>Quarrix levels</title></head><body><h1>Quarrix levels</h1><table><tr>"
        f"<th>Level</th><th>Summary</th></tr>{rows}</table></body></html>",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "typical years of experience for IC3 at Quarrix?")["answer"]
    assert "5-8" in answer and "8+" not in answer
    answer = ask(chain, "whats the sailing analogy for IC4 at quarrix")["answer"]
    assert "sailboats solo" in answer and "with a crew" not in answer


def test_a_word_alone_defines_nothing_and_an_attribute_of_a_thing_is_no_definition(tmp_path):
    """Probe Z8: "what is IC6 at Sourcegraph?" got the list of the other levels, each a word alone; "what is the parent
    org of 2i2c" was declined, as if asking what "parent org of 2i2c" means."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-levels.md": "# Quarrix levels\n\n## The levels\n\nIC4\n\nIC5\n\nIC6\n\n## IC6\n\nA Senior Staff Engineer. We "
        "have not yet written this level's description.\n\n## Health benefits\n\nHealth benefits at Quarrix are provided "
        "through its parent organization, Tollbridge.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "what is IC6 at Quarrix?")["answer"]
    assert "Senior Staff Engineer" in answer and "- IC4" not in answer
    assert "Tollbridge" in ask(chain, "what is the parent org of quarrix")["answer"]


def test_a_count_of_days_in_a_passage_spelling_out_paid_time_off_is_of_vacation(tmp_path):
    """Probe Z8: "how many vacation days can I take at 2i2c?" was declined: "take at least 15 days" counts days, and its
    passage, headed "Paid Time Off", never wrote "vacation" nor "PTO"."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-benefits.md": "# Quarrix benefits\n\n## Paid Time Off\n\nQuarrix fosters a healthy balance between work "
        "and life.\n\n- Quarrix does not have a limit on the number of days you may take off each year.\n- We recommend "
        "that all team members take at least 15 days (3 weeks) annually\n\n## Sick leave\n\nTake 10 days when ill.\n",
        **OTHER_DOCUMENT,
    })
    assert "15 days" in ask(chain, "how many vacation days can I take at quarrix?")["answer"]


def test_the_things_a_documents_title_names_asked_for_are_its_top_level_sections(tmp_path):
    """Probe Z8: "What are the programmer titles at Basecamp?" of "Titles for programmers" got the entries of "Programmer",
    one of the titles, which the question's "programmer" named as a part. "What are the perks?" still names a list."""
    levels = "".join(f"## {title}\n\n- Usually {years} years of experience.\n- Works on {scope}.\n\n" for title, years, scope in (
        ("Junior Programmer", "0-2", "routine problems"), ("Programmer", "2-5", "whole features"),
        ("Senior Programmer", "5-8", "whole projects")))
    chain = chain_over_documents(tmp_path, {
        "quarrix-titles.md": f"# Titles for programmers\n\nQuarrix uses these titles.\n\n{levels}",
        "kiln-designer.md": "# Product Designer at Kiln Studio\n\n## Perks\n\n- Free lunch\n- A bike\n",
    })
    for question in ("What are the programmer titles at Quarrix?", "list the programmer titles at quarrix"):
        answer = ask(chain, question)["answer"]
        assert all(title in answer for title in ("Junior Programmer", "Senior Programmer")), question
    assert "Free lunch" in ask(chain, "What are the perks at Kiln Studio?")["answer"]


def test_half_the_entries_a_lead_in_introduces_stand_for_its_whole_list(tmp_path):
    """Probe Z8: "What's the sick pay at dxw?" quoted two of the four steps of "Within any rolling 12 month period, a
    person will receive:", the last being statutory sick pay."""
    chain = chain_over_documents(tmp_path, {
        "quarrix-policy.md": "# Quarrix pay and benefits\n\n## Sickness\n\nTell your manager by 10am.\n\n### Pay\n\nWithin "
        "any rolling 12 month period, a person will receive:\n\n- full pay for the first 12 days of sickness absence\n"
        "- half pay for the next 8 days of sickness absence\n- real living wage for the next 10 days of sickness absence\n"
        "- statutory sick pay after 30 days of sickness absence\n\n## Pension\n\nQuarrix matches up to 5%.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "What's the sick pay at quarrix?")["answer"]
    assert "full pay for the first 12 days" in answer and "statutory sick pay after 30 days" in answer


def test_a_company_pitch_answers_its_perks_and_its_mission_is_the_statement_saying_it(tmp_path):
    """Probe Z10's BuildBuddy ad: "nice, what are the perks like?" after a question about it had been answered from
    another document; its "What's it like to work at ...?" list, once found, ended with the page's "Apply now"; and
    "what's buildbuddy's mission" was declined, though "Our mission is ..." says it."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-sre.md": "# Senior SRE at Kestrel Builds\n\nKestrel was founded to make developers faster. Today we run "
        "remote builds for Bazel. Our mission is to give every team the build tools of the largest companies.\n\n"
        "## You will\n\n* Scale our platform on GCP\n* Debug production issues\n\n"
        "## What's it like to work at Kestrel?\n\n* We are a small team that values shipping\n"
        "* We offer generous equity and platinum health cover\n* We meet in person twice a year\n\n## Apply now\n",
        **OTHER_DOCUMENT,
    })
    history = [{"role": "user", "content": "what's the tech stack at kestrel"},
               {"role": "assistant", "content": "Bazel and GCP."}]
    perks = ask(chain, "nice, what are the perks like?", history)
    assert_grounded(perks, attributed=True)
    assert "generous equity" in perks["answer"] and "twice a year" in perks["answer"]
    assert "Apply now" not in perks["answer"] and "Kiln" not in perks["answer"]
    mission = ask(chain, "what's kestrel's mission")["answer"]
    assert "Our mission is to give every team" in mission


def test_the_levels_asked_for_are_the_list_naming_every_level_the_sections_describe(tmp_path):
    """Probe Z10's InfraCloud ladder describes two of its five levels in sections of their own and lists all five
    after "Currently there are following job levels:": the two sections had been the answer."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-ladder.md": "# Kestrel engineering ladder\n\n## Introduction\n\nThe ladder applies to every engineer. "
        "Currently there are following job levels:\n\n1. Associate Engineer\n2. Engineer\n3. Senior Engineer\n"
        "4. Staff Engineer\n5. Principal Engineer\n\n## Senior Engineer\n\n### Core competencies\n\n* Leads projects\n"
        "* Mentors engineers\n\n### Broad indicators\n\n* Core work: 60%\n\n## Staff Engineer\n\n### Core competencies\n\n"
        "* Leads teams of teams\n* Sets direction\n\n### Broad indicators\n\n* Core work: 50%\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "what are the job levels in Kestrel's engineering ladder?")["answer"]
    assert all(level in answer for level in ("Associate Engineer", "Principal Engineer", "Staff Engineer")), answer


def test_whether_a_thing_is_required_is_decided_by_the_statement_naming_it(tmp_path):
    """Probe Z10's Arnhold ad: "Is a degree required ...?" had been answered by "Previous experience as a data engineer
    is required." and the rest of the list, which shares only "required"; "B.Sc or M.Sc. ..." names the degree."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-data-engineer.md": "# Data Engineer at Kestrel Health\n\nWe build datasets for hospitals. This position "
        "is intended for a role in the Remote Sensing Data Group at Kestrel Health National Lab, KHNL.\n\n"
        "## Qualifications\n\n* Previous experience as a data engineer is required.\n* Previous experience with Spark is "
        "preferred.\n* Have strong communication skills.\n* Have worked on teams of many disciplines.\n"
        "* B.Sc or M.Sc. in a technical field is preferred but we give preference to proven experience.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "Is a degree required for the Kestrel data engineer job?")["answer"]
    assert answer.splitlines()[1].startswith("- ") and "B.Sc or M.Sc." in answer.splitlines()[1], answer
    # ... and asked of the job itself (probe Z15: "does the oak ridge national lab remote sensing job need a degree?")
    answer = ask(chain, "does the kestrel health national lab remote sensing job need a degree?")["answer"]
    assert "B.Sc or M.Sc." in answer.splitlines()[1], answer


def test_a_table_row_ending_on_a_colon_is_a_row_not_a_lead_in(tmp_path):
    """Probe Z10's Packback ladder: a row whose last cell ends on a colon ("...; Title (internal level): Staff Engineer
    (IC 6):") had been read as leading into the next row, so it never answered."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-ladder.md": "# Kestrel engineering ladder\n\n## Levels\n\n| Path | Title (internal level) |\n|---|---|\n"
        "| Technical | Senior Engineer (IC 5): |\n| Technical | Staff Engineer (IC 6): |\n| Technical | Principal Engineer (IC 7): |\n"
        "| Managing | Engineering Manager (Manager 5): |\n\n## Internal levels\n\nBesides the titles above, we have internal, "
        "standardized levels, used for compensation bands and not in day-to-day conversation.\n",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "At Kestrel, what's the internal level for a Staff Engineer?")["answer"]
    assert "Staff Engineer (IC 6)" in answer, answer


def test_a_terse_remote_question_is_answered_by_where_the_ad_says_the_job_is_its_headings_too(tmp_path):
    """Probe Z11: "phdata remote?" had got the duties after the ad's "#### 🌎 US-Remote" heading, "motive sre remote?"
    and "is weights & biases remote friendly" what the job needs or the company's funding."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-data-engineer.md": "# Senior Data Engineer\n### Kestrel\n#### 🌎 US-Remote\n\nData engineers at Kestrel "
        "own the pipelines our analysts trust, from ingestion to the warehouse.\n\n**What you'll do in this role:**\n\n"
        "* Build pipelines for customer data\n* Tune the warehouse\n\n**Required Experience:**\n\n* Four years of SQL\n",
        "heron-platform-engineer.md": "# Platform Engineer at Heron Labs\n\nHeron Labs is a series C company with $250 "
        "million in funding.\n\n## Our benefits\n\n* 🏠 Remote first culture with in-office flexibility in Boston\n"
        "* Flexible time off\n\n## What you need\n\n* Five years of Go\n",
        **OTHER_DOCUMENT,
    })
    terse = ask(chain, "kestrel remote?")
    assert_grounded(terse, attributed=True)
    assert "US-Remote" in terse["answer"] and "Build pipelines" not in terse["answer"], terse["answer"]
    assert "Remote first culture" in ask(chain, "is heron labs remote friendly")["answer"]


def test_whom_a_role_reports_to_is_said_by_the_statement_saying_so(tmp_path):
    """Probe Z11: "who does the platform tooling engineer at weights & biases report to" got "Weights Biases is a series C
    company ...", sharing the company's words, before "... will report to the Enterprise Engineering Manager."."""
    chain = chain_over_documents(tmp_path, {
        "heron-platform-tooling.html": "<html><head><title>Senior Software Engineer, Platform Tooling - Heron & Finch"
        "</title></head><body><h1>Senior Software Engineer, Platform Tooling</h1><p>At Heron Finch, our mission is to "
        "build the best developer tools for machine learning. Heron Finch is a series C company with $250 million in "
        "funding and a rapidly growing user base.</p><p>The Software Engineer for Platform Tooling will report to the "
        "Enterprise Engineering Manager. This person will be responsible for setting up and maintaining infrastructure "
        "standards.</p><h2>What you'll do</h2><ul><li>Troubleshoot and resolve issues related to operating Heron Finch "
        "across different types of infrastructure</li></ul></body></html>",
        **OTHER_DOCUMENT,
    })
    answer = ask(chain, "who does the platform tooling engineer at heron & finch report to")["answer"]
    assert "report to the Enterprise Engineering Manager" in answer.splitlines()[1], answer


def test_initials_a_question_or_a_document_writes_for_words_the_other_writes_name_no_unknown_thing(tmp_path):
    """Probe Z12: "IC3 SRE at dropbox" (a ladder titled "IC3 Reliability Engineer") and the pay "in New York" (an ad
    writing "very high (e.g. NY, SF) $112-$144k") had been refused for a name no document writes."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-ic3-reliability-engineer.md": "# IC3 Reliability Engineer\n\nKestrel's career framework for reliability "
        "engineers at the third level.\n\n## Scope\n\nI work primarily with my direct team and cross-functional partners.\n\n"
        "## Craft\n\n* I write code that is reusable and efficient\n* I keep our services available\n",
        "heron-senior-engineer.txt": "Senior Software Engineer at Heron\n\nWe build billing software.\n\nPay is as follows, "
        "with cost of living adjustments:\nvery high (e.g. NY, SF) $112-$144k\nhigh (e.g. London, Paris) $98-$126k\n"
        "low (e.g. Kyiv, Lagos) $70-$90k\n\nWe are a fully remote team.\n",
        **OTHER_DOCUMENT,
    })
    assert "direct team" in ask(chain, "At Kestrel, who does an IC3 SRE mainly work with?")["answer"]
    assert "$112-$144k" in ask(chain, "What does Heron pay a senior software engineer in New York?")["answer"]
    # A place no document writes, in whole or in initials, is still unknown.
    assert ask(chain, "What does Heron pay a senior software engineer in Madrid?")["grounded"] is False
    # So is a game written in lower case, which shares only "level" with the ladder.
    assert ask(chain, "fastest way to level up in pokemon?")["grounded"] is False


def test_a_list_running_on_into_the_next_passage_is_answered_whole_from_its_lead_in(tmp_path):
    """Probe Z12's Made Tech handbook: "What are the steps before booking holiday?" had got only the last step, in the
    passage after the one whose lead-in ("... you've done the following before booking holiday:") opens the list."""
    steps = ["Ask your team members if it's okay with them", "Ask your customers if it's okay with them",
             "Ensure your responsibilities are covered whilst you're away while on a long trip abroad or at home",
             "Ensure that the holiday is placed in the holiday calendar, which we use to plan projects and billing",
             "Ask a director only if you wish to book holiday outside of the guidelines set out above"]
    chain = chain_over_documents(tmp_path, {
        "kestrel-handbook.md": "# Kestrel handbook\n\n## Who approves holiday?\n\nWe want teams to own their holidays, "
        "and that includes thinking about the commercial impact of taking them on our customers and on the rest of the "
        "team, who cover for you. To that effect we need to make sure you've done the following before booking holiday:\n\n"
        + "".join(f"* {step}\n" for step in steps) + "\n## Salary reviews\n\nSalaries are reviewed once a year.\n",
        **OTHER_DOCUMENT,
    })
    result = ask(chain, "What are the steps before booking holiday at Kestrel?")
    assert len({citation["id"] for citation in result["citations"]}) > 1, "the list must run over two passages to test this"
    assert all(step in result["answer"] for step in steps), result["answer"]


def test_how_long_a_named_job_lasts_is_answered_by_its_statement_of_a_span_wherever_it_stands(tmp_path):
    """Probe Z12's OMSF ad says its length once, deep in its opening paragraph ("This fully remote, grant-funded position
    has a minimum duration of 2 years"), which the search for "How long is the position for?" did not find."""
    duties = "".join(f"## {area}\n\nYou will look after our {area.lower()} work with the science teams, and write "
                     f"the tools they use for it every day.\n\n" for area in (
                         "Pipelines", "Modelling", "Benchmarks", "Packaging", "Outreach", "Testing", "Documentation",
                         "Datasets", "Releases", "Reviews"))
    chain = chain_over_documents(tmp_path, {
        "kestrel-research-software-engineer.md": "# Research Software Engineer at Kestrel\n\nKestrel is seeking a Research "
        "Software Engineer for its open chemistry project, a skilled programmer with a strong grounding in computer science "
        "and an interest in drug discovery, who will build and optimise open tools with our scientists. This fully remote, "
        "grant-funded position has a minimum duration of 2 years, with the potential for extension based on funding.\n\n"
        + duties,
        **OTHER_DOCUMENT,
    })
    assert "minimum duration of 2 years" in ask(chain, "How long is the Kestrel RSE position for?")["answer"]
    # A span of something the document never names is still not said.
    assert ask(chain, "How long is the probation period at Kestrel?")["grounded"] is False


def test_pay_set_by_agreement_answers_the_pay_and_a_job_named_by_its_noun_is_no_other_profession(tmp_path):
    """Probe Z15's Aarhus ad: "whats the salary ...?" had been declined, though it says "Salary is competitive and aligns
    with agreements between the university and the national unions", and "the responsibilities for the Aarhus DIF job"
    had been taken for those of another profession, a "aarhus dif job"."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-research-software-engineer.txt": "Research Software Engineer at Kestrel University\n\nYou will build the "
        "tools of the DIF project, a data infrastructure framework.\n\nResponsibilities\n\nBuild APIs for the DIF\n"
        "Review contributed code and documentation\n\nFormalities\n\nSalary is competitive and aligns with agreements "
        "between the university and the national unions.\nApply through the university's recruitment system.\n",
        "heron-data-engineer.md": "# Data Engineer at Heron\n\nWe give our people challenging work, competitive "
        "compensation and room to grow.\n\n## What you'll do\n\n* Build pipelines\n* Tune the warehouse\n",
        **OTHER_DOCUMENT,
    })
    assert "national unions" in ask(chain, "whats the salary for the kestrel research software engineer position?")["answer"]
    # "competitive compensation" in a company's pitch sets no pay (probe Z8's Ocelot).
    assert ask(chain, "what's the salary for the heron data engineer role")["grounded"] is False
    answer = ask(chain, "What are the responsibilities for the Kestrel DIF job?")["answer"]
    assert "Build APIs for the DIF" in answer, answer


def test_an_organisation_holding_a_title_and_a_count_in_a_label_answer(tmp_path):
    """Probe Z15: "who is the carpentries fiscal sponsor?" had been declined, a person's name wanted where "Community
    Initiatives" holds the title; "how many paid holidays does yale give" had been declined, its count being in the
    label over the list ("The nine University holidays are:")."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-travel-policy.md": "# Kestrel Travel Policy\n\n## Payment\n\nYou should receive a check from Kestrel's "
        "fiscal sponsor about three weeks after approval.\n\n## History\n\n* Updated in 2018 to refer to Harbour "
        "Initiatives as our fiscal sponsor.\n* Updated in 2019 to add mileage rates.\n",
        "kestrel-staff-policies.txt": "Kestrel Staff Policies\n\nHolidays\n\nThe six University holidays are:\n\n"
        "New Year's Day\nMemorial Day\nIndependence Day\nLabor Day\nThanksgiving Day\nChristmas Day\n",
        **OTHER_DOCUMENT,
    })
    assert "Harbour Initiatives" in ask(chain, "who is the kestrel fiscal sponsor?")["answer"]
    assert "six University holidays" in ask(chain, "how many paid holidays does kestrel give its staff")["answer"]


def test_a_question_naming_no_document_stays_with_the_documents_the_conversation_named_last(tmp_path):
    """Probe Z15: "when's the deadline to apply?", after a question about the GDS post, had been answered from another
    ad's "We will be accepting applications on an ongoing basis"."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-web-operations.txt": "Web Operations at Kestrel\n\nSalary\n\nThe salary scale is £44,743 to £60,484.\n\n"
        "How to Apply\n\nSend the completed form no later than close of business 15 March 2013.\n",
        "heron-developer.md": "# Developer at Heron\n\n## Applying\n\nThe deadline to apply: we will be accepting applications "
        "on an ongoing basis until the position is filled.\n\n## Pay\n\nThe salary is $60,000-$90,000.\n",
        **OTHER_DOCUMENT,
    })
    history = [{"role": "user", "content": "what's the salary for the Kestrel web ops job?"},
               {"role": "assistant", "content": "The salary scale is £44,743 to £60,484."}]
    result = ask(chain, "when's the deadline to apply?", history)
    assert "15 March 2013" in result["answer"] and "ongoing basis" not in result["answer"], result["answer"]
    # Asked alone, it is every document's question.
    assert "ongoing basis" in ask(chain, "when's the deadline to apply?")["answer"]


def test_a_retirement_match_is_no_pay_and_a_thing_of_words_no_passage_writes_together_is_unknown(tmp_path):
    """Probe Z15: "whats the salary for the wikimedia senior SRE job?" had been answered by "The 401(k) retirement plan
    offers matched contributions at 4% of annual salary", and "benefits of green tea" (probes Z12 and Z15) by a benefits
    list, the documents serving tea."""
    chain = chain_over_documents(tmp_path, {
        "kestrel-sre.md": "# Senior SRE at Kestrel\n\n## Benefits\n\n* The 401(k) retirement plan offers matched contributions "
        "at 4% of annual salary\n* Fully paid medical, dental and vision\n* A pantry of coffee, tea and fruit\n",
        **OTHER_DOCUMENT,
    })
    assert ask(chain, "whats the salary for the kestrel senior SRE job?")["grounded"] is False
    assert ask(chain, "benefits of green tea")["grounded"] is False
    assert "Fully paid medical" in ask(chain, "what are the benefits at kestrel?")["answer"]
