from transforms.identity import canonical_url, content_hash, record_id


def test_canonical_url_drops_fragment_tracking_and_case() -> None:
    assert (
        canonical_url("HTTPS://Example.ORG/a/b?utm_source=x&b=2&a=1&fbclid=zz#top")
        == "https://example.org/a/b?a=1&b=2"
    )


def test_canonical_url_keeps_meaningful_query_and_path() -> None:
    assert canonical_url("https://x.eu/news?page=2") == "https://x.eu/news?page=2"
    assert canonical_url("https://x.eu") == "https://x.eu/"
    assert canonical_url("https://x.eu/news/one/") == canonical_url("https://x.eu/news/one")


def test_record_id_is_stable_and_depends_on_source_and_url() -> None:
    a = record_id("pl_efs", "https://www.efs.gov.pl/a/#x")
    assert a == record_id("pl_efs", "https://www.efs.gov.pl/a/?utm_medium=mail")
    assert len(a) == 16 and int(a, 16) >= 0
    assert a != record_id("hu_ifka", "https://www.efs.gov.pl/a/")
    assert a != record_id("pl_efs", "https://www.efs.gov.pl/b/")


def test_content_hash_is_sha256() -> None:
    assert content_hash(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_percent_escapes_in_either_case_are_one_url() -> None:
    from transforms.identity import canonical_url

    assert canonical_url("https://social-innovations.club/%d0%bc%d0%b5/") == canonical_url(
        "https://social-innovations.club/%D0%BC%D0%B5"
    )
