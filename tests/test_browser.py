"""report.html and index.html in a real headless Chromium: no console errors, flags render, filters hide and
show rows, hostile segment text is shown as text and runs nothing. Takes a screenshot of the seed 000 report;
``--update-screenshot`` copies it to reports/seed000.png (the README's picture).

Needs Debian's `chromium` + `chromium-driver` (installed by .ci/run). Missing browser: skipped locally,
a failure when CI is set.
"""

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaltool.cli import app
from evaltool.config import Config
from evaltool.records import Bead, Document, DocReport, Flag, Sentence
from evaltool.report import write_run

REPO = Path(__file__).resolve().parents[1]
SEED_000 = "000_6b1ba2697ced7a7d"
SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'

if not os.environ.get("CI"):
    pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def _binary(*names: str) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    browser, chromedriver = _binary("chromium", "chromium-browser"), _binary("chromedriver")
    if not (browser and chromedriver):
        message = "chromium and chromium-driver are needed (apt-get install -y chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--window-size=1366,900", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=chromedriver)
    drv = webdriver.Chrome(options=options, service=service)
    yield drv
    drv.quit()


def _console_errors(drv) -> list[str]:
    return [entry["message"] for entry in drv.get_log("browser") if entry["level"] == "SEVERE"]


def _no_alert(drv) -> bool:
    try:
        drv.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory, seeds):
    out = tmp_path_factory.mktemp("reports")
    result = CliRunner().invoke(app, ["run", str(seeds / f"{SEED_000}.txt"), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    src = Document("hostile", "en", (Sentence(0, "Hello there."), Sentence(1, SCRIPT), Sentence(2, "Not here.")),
                   source="hostile.en.txt")
    tgt = Document("hostile", "zh", (Sentence(0, "你好。"), Sentence(1, "脚本" + IMG)), source="hostile.zh.txt")
    report = DocReport(
        "hostile", src, tgt,
        (Bead((0,), (0,), 0.81), Bead((1,), (1,), 0.42), Bead((2,), (), 0.0)),
        (Flag("mistranslation", "major", "similarity 0.42 " + SCRIPT, 1), Flag("omission", "minor", IMG, 2)),
        {"similarity": 0.615}, "sig|x",
    )
    out = tmp_path_factory.mktemp("hostile")
    write_run((report,), out, config=Config(), model="fake", signature="sig|x")
    return out


def test_seed_report_loads_renders_flags_and_filters(driver, seed_reports, tmp_path, request):
    driver.get((seed_reports / SEED_000 / "report.html").as_uri())
    assert _console_errors(driver) == []
    rows = driver.find_elements(By.CSS_SELECTOR, "#alignment tbody tr")
    flagged = [r for r in rows if "flagged" in r.get_attribute("class")]
    assert rows and flagged
    assert driver.find_elements(By.CSS_SELECTOR, "#alignment .badge")
    assert "omission" in driver.find_element(By.ID, "alignment").text
    screenshot = tmp_path / "seed000.png"
    assert driver.save_screenshot(str(screenshot))
    if request.config.getoption("--update-screenshot"):
        shutil.copyfile(screenshot, REPO / "reports" / "seed000.png")

    only = driver.find_element(By.ID, "only-flagged")
    only.click()
    visible = [r for r in rows if r.is_displayed()]
    assert len(visible) == len(flagged)
    omission_box = driver.find_element(By.CSS_SELECTOR, "input[name='type'][value='omission']")
    omission_box.click()  # hide omission rows
    for row in flagged:
        kinds = {pair.split(":")[0] for pair in row.get_attribute("data-flags").split()}
        assert row.is_displayed() == bool(kinds - {"omission"})
    omission_box.click()
    only.click()
    assert all(r.is_displayed() for r in rows)
    assert driver.find_element(By.ID, "row-count").text == f"{len(rows)} of {len(rows)} rows shown"
    # keyboard: focus the checkbox and toggle it with the space bar
    driver.execute_script("arguments[0].focus()", only)
    only.send_keys(" ")
    assert only.is_selected() and len([r for r in rows if r.is_displayed()]) == len(flagged)
    assert only.find_element(By.XPATH, "..").tag_name == "label"  # labelled
    assert _console_errors(driver) == []


def test_index_lists_seed_and_links_to_report(driver, seed_reports):
    driver.get((seed_reports / "index.html").as_uri())
    assert _console_errors(driver) == []
    link = driver.find_element(By.LINK_TEXT, SEED_000)
    assert driver.find_elements(By.CSS_SELECTOR, "svg.hist rect.bar")
    link.click()
    assert driver.current_url.endswith(f"{SEED_000}/report.html")
    assert driver.find_elements(By.CSS_SELECTOR, "#alignment tbody tr")


def test_hostile_text_is_shown_as_text_and_runs_nothing(driver, hostile_reports):
    driver.get((hostile_reports / "hostile" / "report.html").as_uri())
    assert _no_alert(driver)
    assert driver.execute_script("return window.__pwned === undefined")
    table = driver.find_element(By.ID, "alignment").text
    assert SCRIPT in table and IMG in table  # displayed literally
    assert driver.find_elements(By.CSS_SELECTOR, "#alignment img") == []
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 1  # only the page's own filter script
    driver.get((hostile_reports / "index.html").as_uri())
    assert _no_alert(driver) and driver.execute_script("return window.__pwned === undefined")


LONG_ID = "checkout.payment-form.billing-address.validation.error-texts"  # 60 characters, no spaces


@pytest.fixture(scope="module")
def long_id_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long-id")
    path = folder / "long.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="app" source-language="en" target-language="zh" datatype="plaintext"><body>'
        f'<trans-unit id="{LONG_ID}"><source>Please enter a valid billing address.</source>'
        "<target>请输入有效的账单地址。</target></trans-unit>"
        '<trans-unit id="ok"><source>Do not close this window.</source><target>请关闭此窗口。</target></trans-unit>'
        "</body></file></xliff>\n", encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out / "long" / "report.html"


def test_long_unit_ids_wrap_inside_their_column(driver, long_id_report, tmp_path):
    assert len(LONG_ID) == 60
    driver.get(long_id_report.as_uri())
    assert _console_errors(driver) == []
    cell, source = driver.find_elements(By.CSS_SELECTOR, "#alignment tbody tr:first-child td")[:2]
    assert cell.text.replace("\n", "") == LONG_ID
    assert driver.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", cell)
    assert cell.location["x"] + cell.size["width"] <= source.location["x"]  # nothing spills into the source
    assert cell.size["height"] > source.size["height"] / 2  # the id runs over several lines
    driver.execute_script("arguments[0].scrollIntoView()", cell)
    assert driver.save_screenshot(str(tmp_path / "long-id.png"))  # checked by eye once
