"""Coverage-guided fuzzing of the parser with atheris (libFuzzer), starting from the real sample documents
and the constructed XML / HTML / PDF / DOCX fixtures. A crash is any exception but a plain ``ParseError``
(a ``ParserBug`` included); a hang is an input over ``-timeout`` seconds (libFuzzer's own watchdog).

    .venv/bin/pip install atheris      # (in the dev extras)
    .venv/bin/python benchmarks/reliability/atheris_parse.py -max_total_time=300 -timeout=10 -rss_limit_mb=4096

Arguments go to libFuzzer (``-runs=N``, ``-max_len=…``, ``-jobs=…``); the working corpus is the folder given,
else ``./atheris-corpus`` (filled with the seeds when new, kept for the next run). Crashing inputs are
written as ``crash-*`` / ``timeout-*`` files in the current folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

with atheris.instrument_imports(include=["kamervragen"]):
    import kamervragen.parse.docx  # noqa: F401  (imported lazily by parse_bytes: instrument them too)
    import kamervragen.parse.html  # noqa: F401
    import kamervragen.parse.pdf  # noqa: F401
    import kamervragen.parse.xml  # noqa: F401
    from kamervragen.model import ParseError
    from kamervragen.parse import ParserBug, parse_bytes

from tests.reliability.support import seeds  # noqa: E402


def one_input(data: bytes) -> None:
    try:
        parse_bytes(data, "atheris")
    except ParserBug:
        raise
    except ParseError:
        pass


def main() -> None:
    args = [a for a in sys.argv if not a.startswith("-") or a == sys.argv[0]]
    flags = [a for a in sys.argv[1:] if a.startswith("-")]
    corpus = Path(args[1] if len(args) > 1 else "atheris-corpus")
    if not corpus.is_dir():  # libFuzzer ends the process itself: the corpus stays for the next run
        corpus.mkdir(parents=True)
        for i, s in enumerate(seeds()):
            (corpus / f"seed-{i}").write_bytes(s)
    if not any(f.startswith("-max_len") for f in flags):
        flags.append("-max_len=200000")
    atheris.Setup([sys.argv[0], *flags, str(corpus)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
