"""docs/sources.md is generated from the source YAMLs and cannot go stale."""

from pathlib import Path

from spiders.sources_doc import DOC_PATH, read_evidence, render


def test_committed_sources_doc_equals_the_generated_one() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/sources.md is stale: run `python -m spiders.sources_doc`"
    )


def test_every_built_in_source_records_evidence_and_cms() -> None:
    from spiders.sources import BUILT_IN_DIR

    for path in sorted(BUILT_IN_DIR.glob("*.yml")):
        evidence = read_evidence(path.read_text(encoding="utf-8"))
        assert evidence.urls, f"{path.name}: no '# evidence:' URLs"
        assert all(url.startswith(("http://", "https://")) for url, _ in evidence.urls)
        assert evidence.cms, f"{path.name}: no '# cms:' line"


def test_comment_convention_is_read(tmp_path: Path) -> None:
    text = (
        "# A portal.\n# It has news.\n# evidence:\n"
        "#   - https://a.example/x/ (stored copy 2024-03-01)\n"
        "#   - https://a.example/y/ (stored copy, date not shown; page dated 2023)\n"
        "#   - https://a.example/z/\n# cms: wordpress\n# structure: pagination assumed\n"
        "publisher: A\n# a later comment is not evidence\n"
    )
    evidence = read_evidence(text)
    assert evidence.description == "A portal. It has news."
    assert evidence.urls == [
        ("https://a.example/x/", "stored copy 2024-03-01"),
        ("https://a.example/y/", "stored copy, date not shown; page dated 2023"),
        ("https://a.example/z/", ""),
    ]
    assert (evidence.cms, evidence.structure) == ("wordpress", "pagination assumed")
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "at_example.yml").write_text(
        text + "country: AT\nlanguages: [de]\nstart_urls: [https://a.example/]\n"
        "allowed_domains: [a.example]\ndetail: ['^https://a\\.example/.+']\n"
    )
    doc = render(folder)
    assert "| `at_example` | A | AT | de | wordpress | 3 | 2024-03-01 |" in doc
    assert "- Assumed: pagination assumed" in doc
