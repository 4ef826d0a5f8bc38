"""Hand-built inputs for the answer-kit tests: the seed document 2024Z01911 as its truth file gives it
(tests/fixtures/truth/2024Z01911.json, checked by hand against src/kamervragen/sample/docs/2024Z01911.md),
and earlier answers copied from the sample corpus (ok-2023Z11786.txt, openkamer page of ah-tk-20232024-99)."""

from __future__ import annotations

import json
from pathlib import Path

from kamervragen.answerkit.cite import Citation
from kamervragen.model import Asker, Footnote, ParsedDocument, Question

ROOT = Path(__file__).resolve().parents[2]
TRUTH = ROOT / "tests" / "fixtures" / "truth" / "2024Z01911.json"
SEED = ROOT / "src" / "kamervragen" / "sample" / "docs" / "2024Z01911.md"

SEED_OPENING = ("Vragen van de leden Michon-Derkzen, Brekelmans en Van Eijk-Nagel (allen VVD) aan de "
                "Staatssecretaris van Financiën en de Minister van Buitenlandse Zaken over het bericht «Kabinet "
                "moet alerter zijn op spionage met Chinese scanners bij douane» (ingezonden 7 februari 2024).")


def seed_doc() -> ParsedDocument:
    t = json.loads(TRUTH.read_text(encoding="utf-8"))
    return ParsedDocument(
        source=str(SEED), kind="questions", zaak=t["zaak"], subject=t["subject"], submitted=t["submitted"],
        askers=[Asker(**a) for a in t["askers"]], addressees=list(t["addressees"]),
        questions=[Question(int(n), text, t["question_footnotes"][n]) for n, text in t["question_texts"].items()],
        footnotes=[Footnote(int(n), text) for n, text in t["footnotes"].items()],
    )


# From ok-2023Z11786.txt (answers in ah-tk-20232024-99, received 28 September 2023).
NUCTECH_COUNT = Citation(
    identifier="ah-tk-20232024-99", question=2,
    question_text=("Hoeveel Nuctech-veiligheidsscanners zijn momenteel in gebruik bij de Nederlandse douane voor "
                   "het controleren van goederen? Klopt het dat deze scanners onder andere worden ingezet in onze "
                   "mainports, zoals in de Rotterdamse haven?"),
    answer_text=("Douanebreed wordt op dit moment gewerkt met ca. 100 scanners. Daarvan zijn er ruim 70 van "
                 "leverancier Nuctech."),
    date="2023-09-28", zaak="2023Z11786")
BELGIUM_RULING = Citation(
    identifier="ah-tk-20232024-99", question=3,
    question_text=("Bent u bekend met het arrest van 31 mei jongstleden, waarin de Belgische Raad van State "
                   "bepaalde dat de Belgische overheid het Chinese bedrijf Nuctech mag uitsluiten van deelname "
                   "aan een aanbestedingsprocedure voor de levering van scanners?"),
    answer_text="Ja.", date="2023-09-28", zaak="2023Z11786")
# Constructed (not from the corpus): an older, unrelated answer, to test ranking and order.
UNRELATED = Citation(
    identifier="ah-tk-20152016-1837", question=1,
    question_text="Hoe beoordeelt u de wachttijden in de jeugdzorg in de regio Utrecht?",
    answer_text="De wachttijden zijn in 2015 gedaald.", date="2016-03-01", zaak="2016Z00001")
# Constructed: an older answer on the same topic, to test newest-first order.
OLDER_NUCTECH = Citation(
    identifier="ah-tk-20192020-1000", question=4,
    question_text="Hoeveel scanners van Nuctech gebruikt de douane in de haven van Rotterdam?",
    answer_text="De douane gebruikt scanners van verschillende leveranciers, waaronder Nuctech.",
    date="2020-01-15", zaak="2019Z99999")
