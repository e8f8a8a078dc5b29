"""The batch's fingerprints (tthc_analysis/run/fingerprint.py): what a commune's and the city's digests
are made of, worked out by hand beside each assertion (tests/test_escaped_bugs.py covers which inputs
of a commune change its digest)."""

from __future__ import annotations

import hashlib
import string

import pytest
from conftest import HAND_ROWS, HEADERS_VN, write_csv, write_root

from tthc_analysis.core.periods import parse_period
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.run.fingerprint import city_fingerprint, commune_fingerprint

FEB = parse_period("2026-02")
HEX = set(string.hexdigits.lower())


@pytest.fixture
def root(tmp_path):
    path = write_root(tmp_path / "data", ("an-binh", "An Bình", "xã"), ("binh-an", "Bình An", "phường"))
    write_csv(path / "an-binh" / "dossiers.csv", HEADERS_VN, HAND_ROWS[:5])
    notebook = tmp_path / "report.ipynb"
    notebook.write_text('{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', encoding="utf-8")
    return path, notebook


def test_a_commune_fingerprint_without_a_source_is_the_one_of_source_auto(root):
    # tthc batch's --source defaults to "auto": a digest recorded by a call without a source must be
    # the digest of a run with --source auto (else every such commune would run again).
    path, notebook = root
    plain = commune_fingerprint(DataRoot(path), "an-binh", FEB, notebook)
    assert plain == commune_fingerprint(DataRoot(path), "an-binh", FEB, notebook, "auto")
    assert plain != commune_fingerprint(DataRoot(path), "an-binh", FEB, notebook, "dossiers")


def test_both_fingerprints_are_160_bit_digests_in_hex(root):
    # blake2b with a 20-byte digest: 40 hexadecimal characters (the length recorded runs are read with).
    path, notebook = root
    for digest in (
        commune_fingerprint(DataRoot(path), "an-binh", FEB, notebook),
        city_fingerprint(DataRoot(path), {"an-binh": "a1", "binh-an": "b1"}, ["an-binh"]),
    ):
        assert len(digest) == 40 and set(digest) <= HEX


def _with_centre(path, centre: str) -> DataRoot:
    text = (path / "communes.yaml").read_text(encoding="utf-8").split("communes:")[1]
    (path / "communes.yaml").write_text(f"city: thành phố Thử\ncentre: {centre}\ncommunes:{text}", encoding="utf-8")
    return DataRoot(path)


def test_the_centres_profile_is_in_the_city_fingerprint(root):
    # The consolidated report is signed by the centre of communes.yaml: another signer is another report.
    path, _ = root
    communes = {"an-binh": "a1", "binh-an": "b1"}
    first = city_fingerprint(_with_centre(path, "{signer: {name: Nguyễn Văn An}}"), communes, [])
    assert city_fingerprint(_with_centre(path, "{signer: {name: Nguyễn Văn An}}"), communes, []) == first
    assert city_fingerprint(_with_centre(path, "{signer: {name: Trần Thị Bình}}"), communes, []) != first
    assert city_fingerprint(_with_centre(path, "{symbol: BC-KHAC}"), communes, []) != first


def test_the_city_fingerprint_worked_by_hand(root):
    # The recipe of the docstring, written out with hashlib: blake2b-160 over the centre's profile, then
    # "id:digest" of each commune in the order of their ids, then "links:" and the linked ids in order,
    # joined by commas. A change of the recipe is a change of every recorded city digest.
    path, _ = root
    data = DataRoot(path)
    expected = hashlib.blake2b(digest_size=20)
    expected.update(repr(data.centre()).encode())
    expected.update(b"an-binh:a1")
    expected.update(b"binh-an:b1")
    expected.update(b"links:an-binh,binh-an")
    got = city_fingerprint(data, {"binh-an": "b1", "an-binh": "a1"}, ["binh-an", "an-binh"])
    assert got == expected.hexdigest()
    # No link: "links:" and nothing after it.
    none = hashlib.blake2b(digest_size=20)
    for part in (repr(data.centre()), "an-binh:a1", "links:"):
        none.update(part.encode())
    assert city_fingerprint(data, {"an-binh": "a1"}) == none.hexdigest()
