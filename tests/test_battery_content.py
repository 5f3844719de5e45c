"""The home-test content: the schema, the checker, and loading by slug (all or nothing, never deleting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spinewise.assessments.battery import HomeTestFile, main, read_tests
from spinewise.assessments.loader import load_tests
from spinewise.assessments.models import HomeTest
from spinewise.bootstrap import load_content
from spinewise.library.content import ContentError
from spinewise.library.models import ContentVersion
from tests.assessment_data import SLUGS, TESTS_FOLDER, content_of, write_test


def problems(folder: Path) -> str:
    with pytest.raises(ContentError) as caught:
        read_tests(folder)
    return "\n".join(caught.value.problems)


# ---------------------------------------------------------------------- the real content


def test_the_battery_has_the_six_tests_in_order() -> None:
    tests = read_tests(TESTS_FOLDER)
    assert [t.slug for t in tests] == list(SLUGS)
    by_slug = {t.slug: t for t in tests}
    assert by_slug["side-bridge-hold"].sides == ["left", "right"]
    assert by_slug["side-bending-fingertip-slide"].sides == ["left", "right"]
    assert by_slug["fingertip-to-floor"].unit == "cm" and by_slug["fingertip-to-floor"].better == "lower"
    assert by_slug["five-times-sit-to-stand"].better == "lower"
    assert by_slug["trunk-extensor-endurance"].max_value == 240


def test_every_test_cites_its_sources_and_says_when_to_stop() -> None:
    for test in read_tests(TESTS_FOLDER):
        assert test.sources and test.safety
        for band in test.norms:
            assert band.source in test.sources
        if test.measurement_error:
            assert test.measurement_error.source in test.sources


def test_the_checker_passes_the_real_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["battery", str(TESTS_FOLDER)]) == 0
    assert "6 tests OK" in capsys.readouterr().out


# ---------------------------------------------------------------------- problems name the file and the field


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"unit": "seconds"},
            "fingertip-to-floor.yaml: fingertip-to-floor: field 'unit': Value error, a distance test is stored in cm",
        ),
        ({"sides": ["left"]}, "field 'sides': Value error, must be [] or [left, right]"),
        ({"better": "more"}, "field 'better'"),
        ({"steps": ["Only one step."]}, "field 'steps'"),
        ({"safety": []}, "field 'safety'"),
        (
            {
                "measurement_error": {
                    "value": 4.5,
                    "kind": "ICC",
                    "population": "Some people.",
                    "source": "A source, 2020.",
                }
            },
            "field 'measurement_error.kind'",
        ),
        ({"extra": 1}, "field 'extra': Extra inputs are not permitted"),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_field(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    write_test(tmp_path, {**content_of("fingertip-to-floor"), **change})
    assert expected in problems(tmp_path)


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    data = content_of("side-bridge-hold")
    del data["better"]
    write_test(tmp_path, data)
    assert "side-bridge-hold.yaml: side-bridge-hold: field 'better': Field required" in problems(tmp_path)


def test_overlapping_norm_bands_are_refused(tmp_path: Path) -> None:
    data = content_of("five-times-sit-to-stand")
    data["norms"][1] = {**data["norms"][1], "age_min": 65}
    write_test(tmp_path, data)
    assert "field 'norms.1': Value error, overlaps norms.0" in problems(tmp_path)


def test_a_band_with_its_ages_reversed_is_refused(tmp_path: Path) -> None:
    data = content_of("five-times-sit-to-stand")
    data["norms"] = [{**data["norms"][0], "age_min": 70, "age_max": 60}]
    write_test(tmp_path, data)
    assert "field 'norms.0.age_max': Value error, is below age_min (70)" in problems(tmp_path)


def test_the_slug_must_match_the_file_name_and_the_order_be_unique(tmp_path: Path) -> None:
    write_test(tmp_path, content_of("fingertip-to-floor"), name="forward-bend")
    write_test(tmp_path, {**content_of("side-bridge-hold"), "order": 1})
    found = problems(tmp_path)
    assert (
        "forward-bend.yaml: fingertip-to-floor: field 'slug': must match the file name (forward-bend)"
        in found
    )
    assert "field 'order': 1 is also" in found


def test_the_checker_reports_problems_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_test(tmp_path, {**content_of(), "unit": "seconds"})
    assert main(["battery", str(tmp_path)]) == 1
    assert "field 'unit'" in capsys.readouterr().err


def test_not_valid_yaml_is_named(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("slug: [unclosed\n", encoding="utf-8")
    assert "broken.yaml: not valid YAML" in problems(tmp_path)


def test_a_norm_above_the_believable_maximum_is_refused(tmp_path: Path) -> None:
    write_test(tmp_path, {**content_of("five-times-sit-to-stand"), "max_value": 10})
    assert "field 'norms.0.mean': Value error, is above max_value (10)" in problems(tmp_path)


def test_the_schema_is_usable_without_files() -> None:
    test = HomeTestFile.model_validate(content_of("side-bridge-hold"))
    assert test.measurement_error is not None and test.measurement_error.kind == "SEM"


# ---------------------------------------------------------------------- loading


@pytest.mark.django_db
def test_the_real_tests_are_loaded_with_their_figures() -> None:
    assert list(HomeTest.objects.active().values_list("slug", flat=True)) == list(SLUGS)
    extensor = HomeTest.objects.get(slug="trunk-extensor-endurance")
    error = extensor.error()
    assert error is not None and error.kind == "SEM" and error.value == 11.6
    sts = HomeTest.objects.get(slug="five-times-sit-to-stand")
    assert [(b.age_min, b.mean, b.sd) for b in sts.norm_bands()] == [
        (60, 11.4, None),
        (70, 12.6, None),
        (80, 14.8, None),
    ]
    assert HomeTest.objects.get(slug="trunk-flexor-endurance").error() is None
    assert HomeTest.objects.get(slug="side-bridge-hold").side_list == ["left", "right"]
    assert HomeTest.objects.get(slug="fingertip-to-floor").side_list == [""]


@pytest.mark.django_db
def test_loading_is_idempotent_and_skips_an_unchanged_folder(tmp_path: Path) -> None:
    for slug in SLUGS[:2]:
        write_test(tmp_path, content_of(slug))
    first = load_tests(tmp_path, force=True)
    assert first.created == [] and sorted(first.updated + first.unchanged) == sorted(SLUGS[:2])
    assert sorted(first.retired) == sorted(SLUGS[2:])  # the real ones not in this folder
    assert load_tests(tmp_path).skipped
    again = load_tests(tmp_path, force=True)
    assert sorted(again.unchanged) == sorted(SLUGS[:2]) and not again.changed


@pytest.mark.django_db
def test_a_changed_file_updates_and_a_removed_one_retires(tmp_path: Path) -> None:
    for slug in SLUGS:
        write_test(tmp_path, content_of(slug))
    load_tests(tmp_path, force=True)
    write_test(
        tmp_path, {**content_of("fingertip-to-floor"), "summary": "A new summary for the forward bend."}
    )
    (tmp_path / "trunk-flexor-endurance.yaml").unlink()
    report = load_tests(tmp_path)
    assert report.updated == ["fingertip-to-floor"] and report.retired == ["trunk-flexor-endurance"]
    assert HomeTest.objects.get(slug="fingertip-to-floor").summary == "A new summary for the forward bend."
    flexor = HomeTest.objects.get(slug="trunk-flexor-endurance")  # kept for past results
    assert flexor.retired and flexor not in HomeTest.objects.active()


@pytest.mark.django_db
def test_a_refused_load_writes_nothing(tmp_path: Path) -> None:
    before = list(HomeTest.objects.order_by("slug").values_list("slug", "summary", "retired", "content_hash"))
    digest = ContentVersion.objects.get(kind="tests").digest
    write_test(
        tmp_path, {**content_of("fingertip-to-floor"), "summary": "Changed, but the batch is refused."}
    )
    write_test(tmp_path, {**content_of("side-bridge-hold"), "unit": "cm"})
    with pytest.raises(ContentError):
        load_tests(tmp_path, force=True)
    assert (
        list(HomeTest.objects.order_by("slug").values_list("slug", "summary", "retired", "content_hash"))
        == before
    )
    assert ContentVersion.objects.get(kind="tests").digest == digest


@pytest.mark.django_db
def test_load_content_loads_the_tests_too() -> None:
    lines = load_content(force=True)
    assert "tests: 0 created, 0 updated, 6 unchanged, 0 retired" in lines
