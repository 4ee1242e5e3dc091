"""report.html and index.html in a real headless Chromium: no console errors, flags render, filters hide and
show rows, hostile segment text is shown as text and runs nothing. Takes a screenshot of the seed 000 report;
``--update-screenshot`` copies it to reports/seed000.png (the README's picture).

Needs Debian's `chromium` + `chromium-driver` (installed by .ci/run). Missing browser: skipped locally,
a failure when CI is set.
"""

import json
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


# compare.html: three systems on the example files, one of them with hostile text on a line it also gets
# a number flag on (50 → 60), and a document id per line so that the documents table has rows.
HOSTILE_LINE = f"Tickets cost 60 yuan {SCRIPT} &amp; children {IMG} enter for free."
EXAMPLES = REPO / "data" / "examples"


@pytest.fixture(scope="module")
def compare_page(tmp_path_factory):
    work = tmp_path_factory.mktemp("compare")
    vendor = (EXAMPLES / "candidate.en").read_text(encoding="utf-8").split("\n")
    vendor[1] = HOSTILE_LINE
    (work / "vendor.en").write_text("\n".join(vendor), encoding="utf-8")
    (work / "docs.txt").write_text("".join(f"doc-{i // 4}\n" for i in range(10)), encoding="utf-8")
    out = work / "out"
    result = CliRunner().invoke(app, [
        "compare", "--src", str(EXAMPLES / "src.zh"), "--ref", str(EXAMPLES / "baseline.en"),
        "--system", f"baseline={EXAMPLES / 'baseline.en'}", "--system", f"candidate={EXAMPLES / 'candidate.en'}",
        "--system", f"vendor={work / 'vendor.en'}", "--baseline", "baseline", "--docs", str(work / "docs.txt"),
        "--src-lang", "zh", "--tgt-lang", "en", "--samples", "100", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def _column(drv, table: str, index: int) -> list[str]:
    return [r.find_elements(By.TAG_NAME, "td")[index].text
            for r in drv.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr") if r.is_displayed()]


def test_compare_tables_sort_by_a_click_on_the_header(driver, compare_page):
    from selenium.webdriver.support.ui import Select

    driver.get((compare_page / "compare.html").as_uri())
    assert _console_errors(driver) == []
    before = [int(n) for n in _column(driver, "flagged", 1)]
    assert before != sorted(before)  # by system, then line
    header = driver.find_element(By.XPATH, "//table[@id='flagged']//th[.//button[text()='line']]")
    header.find_element(By.TAG_NAME, "button").click()
    assert [int(n) for n in _column(driver, "flagged", 1)] == sorted(before)
    assert header.get_attribute("aria-sort") == "ascending"
    header.find_element(By.TAG_NAME, "button").click()
    assert [int(n) for n in _column(driver, "flagged", 1)] == sorted(before, reverse=True)
    # systems ranked by a chosen figure: by flags/1k (lower is better) the baseline, with none, comes first
    data = json.loads((compare_page / "compare.json").read_text(encoding="utf-8"))
    rates = {r["system"]: r["score"] for r in data["figures"] if r["figure"] == "flags/1k"}
    rank_by = Select(driver.find_element(By.ID, "rank-by"))
    rank_by.select_by_visible_text("flags/1k (lower is better)")
    assert _column(driver, "figures", 1)[0].startswith("baseline")
    ranked = [name.split()[0] for name in _column(driver, "figures", 1)]
    assert [rates[n] for n in ranked] == sorted(rates.values()) and _column(driver, "figures", 0)[0] == "1"
    rank_by.select_by_visible_text("BLEU (higher is better)")
    bleu = {r["system"]: r["score"] for r in data["figures"] if r["figure"] == "BLEU"}
    assert [bleu[n.split()[0]] for n in _column(driver, "figures", 1)] == sorted(bleu.values(), reverse=True)
    assert _console_errors(driver) == []


def test_compare_review_table_filters_by_type_system_and_text(driver, compare_page):
    from selenium.webdriver.support.ui import Select

    driver.get((compare_page / "compare.html").as_uri())
    flagged = json.loads((compare_page / "compare.json").read_text(encoding="utf-8"))["flagged"]
    form = driver.find_element(By.CSS_SELECTOR, "form[data-for='flagged']")
    rows = driver.find_elements(By.CSS_SELECTOR, "#flagged tbody tr")
    assert len(rows) == len(flagged)
    Select(form.find_element(By.NAME, "type")).select_by_visible_text("omission")
    shown = [r for r in rows if r.is_displayed()]
    omissions = [f for f in flagged if f["type"] == "omission"]
    assert len(shown) == len(omissions) > 0
    assert all(r.get_attribute("data-type") == "omission" for r in shown)
    lines = {(f["system"], f["line"]) for f in omissions}
    count = driver.find_element(By.ID, "flagged-count").text
    assert count == f"{len(omissions)} of {len(flagged)} flags shown, on {len(lines)} lines"
    Select(form.find_element(By.NAME, "system")).select_by_visible_text("vendor")
    assert {r.get_attribute("data-system") for r in rows if r.is_displayed()} == {"vendor"}
    Select(form.find_element(By.NAME, "type")).select_by_index(0)  # all types
    Select(form.find_element(By.NAME, "system")).select_by_index(0)
    form.find_element(By.NAME, "text").send_keys("ticket prices")  # the flipped negation's line
    shown = [r for r in rows if r.is_displayed()]
    assert shown and all("ticket prices" in r.text for r in shown)
    assert {r.get_attribute("data-type") for r in shown} == {"negation"}
    # a line number in the flags table leads to its flag, even one the filters hide
    link = driver.find_element(By.CSS_SELECTOR, "#flag-counts tr[data-type='omission'] a.line")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    target = driver.find_element(By.ID, link.get_attribute("href").split("#")[1])
    assert target.is_displayed() and target.get_attribute("data-type") == "omission"
    assert _console_errors(driver) == []


def test_compare_review_table_shows_the_texts_and_hostile_text_as_text(driver, compare_page):
    driver.get((compare_page / "compare.html").as_uri())
    assert _no_alert(driver) and driver.execute_script("return window.__pwned === undefined")
    row = driver.find_element(By.CSS_SELECTOR, "#flagged tr[data-system='vendor'][data-key$='-2'][data-type='number']")
    cells = row.find_elements(By.TAG_NAME, "td")
    headers = [th.text.strip(" ↕▲▼") for th in driver.find_elements(By.CSS_SELECTOR, "#flagged thead th")]
    text = dict(zip(headers, (c.text for c in cells)))
    assert text["type"] == "number" and text["line"] == "2"
    assert text["source"] == "门票价格为每人五十元，儿童免费。"
    assert text["target"] == HOSTILE_LINE  # <script>, &amp; and <img …> shown literally
    assert text["reference"] == "Tickets cost 50 yuan per person, and children enter for free."
    assert [m.text for m in cells[headers.index("target")].find_elements(By.TAG_NAME, "mark")] == ["60"]
    assert driver.find_elements(By.CSS_SELECTOR, "#flagged img") == []
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 1  # only the page's own script
    negation = driver.find_element(By.CSS_SELECTOR, "#flagged tr[data-system='candidate'][data-type='negation']")
    assert "will raise ticket prices" in negation.text and "will not raise ticket prices" in negation.text


def test_compare_page_fits_1400_px_and_screenshot(driver, compare_page, tmp_path, request):
    driver.set_window_size(1400, 900)
    try:
        driver.get((compare_page / "compare.html").as_uri())
        width = driver.execute_script("return document.documentElement.clientWidth")
        for table in ("figures", "flag-counts", "documents", "flagged"):
            right = driver.execute_script(f"return document.getElementById('{table}').getBoundingClientRect().right")
            assert right <= width, f"#{table} runs off the right edge ({right} > {width})"
        heights = driver.execute_script(
            "return Array.from(document.querySelectorAll('#documents tbody tr'), r => r.offsetHeight)")
        assert heights and max(heights) < 80  # no row hundreds of pixels tall
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, height + 120)
        screenshot = tmp_path / "compare.png"
        assert driver.save_screenshot(str(screenshot))
        if request.config.getoption("--update-screenshot"):
            shutil.copyfile(screenshot, REPO / "reports" / "compare.png")
    finally:
        driver.set_window_size(1366, 900)
