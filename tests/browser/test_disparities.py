"""Measuring disparities in Chromium at 1280 and 375 px: upload a synthetic extract, see the
forest plot and the table, download the CSV; a bad upload is explained. axe-core finds no
violations on the upload form, its errors or the results, and nothing scrolls sideways."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_fits_width, login_as

pytestmark = pytest.mark.browser


@pytest.fixture
def analyst(transactional_db: Any, settings: Any, tmp_path: Path) -> Any:
    from equitylens.accounts.models import MembershipRole
    from tests.factories import make_membership, make_organization, make_user

    settings.MEDIA_ROOT = tmp_path / "media"
    user = make_user()
    make_membership(user, make_organization(), role=MembershipRole.ANALYST)
    return user


def test_upload_see_the_forest_plot_and_download_the_csv(
    page: Any, live_server: Any, viewport: Any, analyst: Any, tmp_path: Path
) -> None:
    from equitylens.disparities.services.synth import write_synthetic

    name = f"disparities-{viewport['width']}"
    extract = write_synthetic(tmp_path / "extract.csv", 4000, seed=3)
    login_as(page, live_server, analyst)
    page.goto(f"{live_server.url}/disparities/new/")
    assert page.locator('link[href$="web/disparities.css"]').count() == 1
    assert page.get_by_role("heading", name="Measure disparities in an extract").is_visible()
    assert_accessible(page, f"{name}-new")
    assert_fits_width(page)

    page.get_by_label("Data file").set_input_files(str(extract))
    page.get_by_label("Group columns").fill("race_ethnicity, payer")
    page.get_by_label("Outcome columns (0/1)").fill("colorectal_screened, bp_controlled")
    page.get_by_label("Reference groups (optional)").fill("race_ethnicity=White")
    page.get_by_role("button", name="Upload and measure").click()
    page.wait_for_load_state(timeout=120_000)

    # The immediate task backend has finished before the redirect lands.
    assert page.locator(".run-status--done").inner_text() == "Done"
    plots = page.get_by_role("img", name="Forest plot of colorectal_screened by group")
    assert plots.is_visible()
    assert page.get_by_role("img", name="Forest plot of bp_controlled by group").is_visible()
    plot = page.locator("#forest-1")
    assert "White (reference)" in (plot.text_content() or "")
    table = page.get_by_role("table", name="colorectal_screened: rates by group")
    assert "White (reference)" in table.inner_text()
    assert table.get_by_text("Flag: disparity").count() >= 1  # the synthetic data plants them
    assert_accessible(page, f"{name}-results")
    assert_fits_width(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Every row as a table (CSV)").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text())))
    assert {r["outcome"] for r in rows} == {"colorectal_screened", "bp_controlled"}
    assert {r["group_column"] for r in rows} == {"race_ethnicity", "payer"}


def test_a_missing_column_is_explained_with_the_file_columns(
    page: Any, live_server: Any, viewport: Any, analyst: Any, tmp_path: Path
) -> None:
    name = f"disparities-missing-{viewport['width']}"
    extract = tmp_path / "small.csv"
    extract.write_text("race,screened\nWhite,1\nBlack,0\n")
    login_as(page, live_server, analyst)
    page.goto(f"{live_server.url}/disparities/new/")
    page.get_by_label("Data file").set_input_files(str(extract))
    page.get_by_label("Group columns").fill("race")
    page.get_by_label("Outcome columns (0/1)").fill("a1c_controlled")
    page.get_by_role("button", name="Upload and measure").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "a1c_controlled is not a column of the file. Its columns are: race, screened." in (
        summary.inner_text()
    )
    assert_accessible(page, name)
    assert_fits_width(page)
