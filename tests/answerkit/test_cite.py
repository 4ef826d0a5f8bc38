from kamervragen.answerkit.cite import newest_first, rank_for_questions

from .helpers import BELGIUM_RULING, NUCTECH_COUNT, OLDER_NUCTECH, UNRELATED, seed_doc


def test_question_2_cites_the_earlier_count_of_nuctech_scanners():
    doc = seed_doc()
    ranked = rank_for_questions([(q.number, q.text) for q in doc.questions],
                                [UNRELATED, BELGIUM_RULING, NUCTECH_COUNT, OLDER_NUCTECH])
    labels = [c.label for c in ranked[2]]
    assert "ah-tk-20232024-99, vraag 2" in labels
    assert "ah-tk-20152016-1837, vraag 1" not in [c.label for cs in ranked.values() for c in cs]
    assert ranked[2][0].url == "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-99.html"
    # newest first
    dates = [c.date for c in ranked[2]]
    assert dates == sorted(dates, reverse=True)
    # question 1 ("Bent u bekend met bovenstaand bericht?") has nothing to match on
    assert ranked[1] == []


def test_no_candidates_gives_empty_lists():
    assert rank_for_questions([(1, "Vraag over niets")], []) == {1: []}


def test_newest_first_puts_undated_last():
    undated = UNRELATED.__class__(**{**vars(UNRELATED), "date": None})
    assert [c.date for c in newest_first([OLDER_NUCTECH, undated, NUCTECH_COUNT])] == \
        ["2023-09-28", "2020-01-15", None]
