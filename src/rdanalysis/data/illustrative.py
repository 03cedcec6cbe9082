"""Seeded generator of the ILLUSTRATIVE Tongliao R&D dataset (no Tongliao R&D figure is published).

What it makes (files in the users' template format, data/raw/illustrative/):

* ``tongliao_region_year.csv`` — for 2015-2024, R&D spending of Tongliao and of its eight
  banners/counties and the development zone, by performing sector (county x sector is the base
  table; every county, sector and city total is a sum of it, so parts add up exactly); GDP and
  resident population for the years in which no real figure was found; valid and high-value
  invention patents and IP-pledge financing for the city.
* ``tongliao_enterprises.csv`` — industrial enterprises above designated size (规上工业企业),
  2022-2024, with fictional names (示例企业NNN（虚构）).

How it is anchored to what is real:

* City GDP equals the published figure where one exists (2017, 2020, 2022-2024, post-2018-
  correction basis); gaps are filled log-linearly, 2015-2016 back-cast at 2% a year.
* City R&D intensity rises from about 0.40% (2015) to about 0.65% (2024): below the Inner
  Mongolia average (0.76% in 2015, 0.93% in 2023), as the 2015 and 2022 regional bulletins
  imply (Tongliao was not among the leagues above the average, nor in the top three by amount).
* The enterprise share rises from 74% to 78%, below Inner Mongolia's 87.0% (2022).
* County GDP shares are anchored to the published county GDP figures (科尔沁区 2019, 霍林郭勒市
  2019, 开鲁县 2020, 扎鲁特旗 2023, 科尔沁左翼后旗 2024); counties sum to the city exactly
  (real county accounts need not, see docs/data.md).

Every row it writes is labelled illustrative by the manifest; its source text says 示例数据.
Run ``rdanalysis data illustrate`` to regenerate; the output is byte-identical for the seed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from rdanalysis import reference
from rdanalysis.reference import CITY, counties

SEED = 20231102  # the date the plan was signed (通政办发〔2023〕62号, 2023-11-02)
YEARS = list(range(2015, 2025))
ENTERPRISE_YEARS = [2022, 2023, 2024]
SOURCE = f"示例数据(非真实统计) rdanalysis illustrative.py seed={SEED}"

#: Published city GDP (亿元, post-correction basis), from data/raw/public/tongliao_macro.csv.
REAL_CITY_GDP = {2017: 1222.62, 2020: 1276.64, 2022: 1561.8, 2023: 1609.0, 2024: 1686.0}
#: Published year-end resident population (万人); 2020 has the census figure instead.
REAL_CITY_POP = {2017: 312.87, 2021: 285.31, 2022: 283.46}
SECTORS = reference.sector_order()
SECTOR_NAMES = {
    "enterprise": "企业",
    "government_institute": "政府属研究机构",
    "higher_education": "高等学校",
    "hospital": "医疗卫生机构",
    "other": "其他",
}
#: Mean sector shares in 2015 and 2024 (linear in between).
SHARES_2015 = np.array([0.74, 0.095, 0.08, 0.030, 0.055])
SHARES_2024 = np.array([0.78, 0.075, 0.07, 0.035, 0.040])
#: County GDP shares (order of regions.counties()), anchored to published county GDP.
COUNTY_GDP_SHARE = np.array([0.300, 0.115, 0.103, 0.042, 0.090, 0.115, 0.086, 0.092, 0.057])
#: County R&D intensity relative to the city (industry mix: aluminium, chemicals in the zone).
COUNTY_RD_MULT = np.array([1.15, 1.9, 0.6, 0.3, 0.5, 0.55, 0.4, 0.45, 2.6])
#: Where each sector's R&D is done (rows: counties; cols: sectors), before fitting margins.
SECTOR_PROPENSITY = {
    "enterprise": np.ones(9),
    "government_institute": np.array([6, 1, 1, 0.5, 1, 1, 0.5, 0.5, 1.0]),
    "higher_education": np.array([30, 0.5, 0, 0, 0, 0, 0, 0, 1.0]),
    "hospital": np.array([20, 1, 0.5, 0.3, 0.5, 0.5, 0.5, 0.5, 0.2]),
    "other": np.ones(9),
}
INDUSTRIES = [
    "有色金属冶炼和压延加工业",
    "农副食品加工业",
    "食品制造业",
    "化学原料和化学制品制造业",
    "医药制造业",
    "电力、热力生产和供应业",
    "非金属矿物制品业",
    "煤炭开采和洗选业",
    "专用设备制造业",
    "酒、饮料和精制茶制造业",
]
ENTERPRISE_COUNTY_SHARE = np.array([0.18, 0.15, 0.10, 0.05, 0.09, 0.09, 0.07, 0.07, 0.20])


def city_gdp() -> dict[int, tuple[float, bool]]:
    """GDP per year (亿元) and whether it is the real published figure."""
    out: dict[int, tuple[float, bool]] = {y: (v, True) for y, v in REAL_CITY_GDP.items()}
    known = sorted(REAL_CITY_GDP)
    for y in YEARS:
        if y in out:
            continue
        if y < known[0]:
            out[y] = (REAL_CITY_GDP[known[0]] / 1.02 ** (known[0] - y), False)
            continue
        lo = max(k for k in known if k < y)
        hi = min(k for k in known if k > y)
        w = (y - lo) / (hi - lo)
        value = np.exp((1 - w) * np.log(REAL_CITY_GDP[lo]) + w * np.log(REAL_CITY_GDP[hi]))
        out[y] = (float(value), False)
    return {y: (round(v, 2), real) for y, (v, real) in sorted(out.items())}


def _ras(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, iters: int = 200) -> np.ndarray:
    """Biproportional fitting: scale ``seed`` so its row and column sums match the margins."""
    m = seed.astype(float).copy()
    for _ in range(iters):
        m *= (rows / np.where(m.sum(1) == 0, 1, m.sum(1)))[:, None]
        m *= cols / np.where(m.sum(0) == 0, 1, m.sum(0))
    return m


def county_sector_rd(
    rng: np.random.Generator, gdp: dict[int, tuple[float, bool]]
) -> dict[int, np.ndarray]:
    """R&D by county x sector in whole 万元 per year (the base table everything sums from)."""
    out = {}
    for i, y in enumerate(YEARS):
        t = i / (len(YEARS) - 1)
        intensity = 0.40 + 0.027 * i + rng.normal(0, 0.012)
        total = intensity / 100 * gdp[y][0]
        shares = rng.dirichlet(400 * ((1 - t) * SHARES_2015 + t * SHARES_2024))
        county_w = COUNTY_GDP_SHARE * COUNTY_RD_MULT * rng.lognormal(0, 0.06, 9)
        seed = np.column_stack([SECTOR_PROPENSITY[s] for s in SECTORS]) * county_w[:, None]
        fitted = _ras(seed, county_w / county_w.sum() * total, shares * total)
        out[y] = np.rint(fitted * 1e4).astype(int)  # whole 万元
    return out


def county_gdp(
    rng: np.random.Generator, gdp: dict[int, tuple[float, bool]]
) -> dict[int, np.ndarray]:
    out = {}
    for i, y in enumerate(YEARS):
        drift = np.array([0.002, -0.001, 0.0, 0.0, 0.0, 0.001, 0.0, 0.0, 0.002]) * i
        shares = (COUNTY_GDP_SHARE + drift) * rng.lognormal(0, 0.01, 9)
        shares /= shares.sum()
        values = np.round(shares * gdp[y][0], 2)
        values[0] += round(gdp[y][0] - values.sum(), 2)  # counties sum to the city exactly
        out[y] = values
    return out


def other_indicators(rng: np.random.Generator) -> dict[int, dict[str, float | None]]:
    """Population (gap years only), patents and IP-pledge financing for the city."""
    out: dict[int, dict[str, float | None]] = {}
    for i, y in enumerate(YEARS):
        pop = None
        if y not in REAL_CITY_POP and y != 2020:
            pop = round(
                float(
                    np.interp(
                        y, [2015, 2017, 2021, 2022, 2024], [318.2, 312.87, 285.31, 283.46, 280.1]
                    )
                ),
                2,
            )
        valid = round(110 * 1.165**i * rng.lognormal(0, 0.03))
        high_value = round(valid * (0.18 + 0.012 * i)) if y >= 2018 else None
        pledge = round(0.05 * 1.72 ** (y - 2019) * rng.lognormal(0, 0.05), 2) if y >= 2019 else None
        out[y] = {"population": pop, "valid": valid, "high_value": high_value, "pledge": pledge}
    return out


REGION_HEADER = [
    "地区",
    "年份",
    "执行主体",
    "R&D经费(亿元)",
    "地区生产总值(亿元)",
    "常住人口(万人)",
    "有效发明专利(件)",
    "高价值发明专利(件)",
    "知识产权质押融资(亿元)",
    "来源",
    "备注",
]
ENTERPRISE_HEADER = [
    "企业代码",
    "企业名称",
    "地区",
    "行业",
    "年份",
    "营业收入(万元)",
    "R&D经费(万元)",
    "是否有研发机构",
    "是否有研发活动",
    "是否高新技术企业",
    "来源",
]


def _fmt(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def region_rows(rng: np.random.Generator) -> list[list[str]]:
    gdp = city_gdp()
    rd = county_sector_rd(rng, gdp)
    cgdp = county_gdp(rng, gdp)
    other = other_indicators(rng)
    names = counties()
    rows = []
    for y in YEARS:
        m = rd[y]
        city_gdp_value = None if gdp[y][1] else gdp[y][0]
        note = (
            "GDP为示例插补值(该年无公开数)"
            if city_gdp_value is not None
            else "GDP取公开数,见public"
        )
        o = other[y]
        rows.append(
            [
                CITY,
                str(y),
                "合计",
                _fmt(m.sum() / 1e4, 4),
                _fmt(city_gdp_value, 2),
                _fmt(o["population"], 2),
                _fmt(o["valid"], 0),
                _fmt(o["high_value"], 0),
                _fmt(o["pledge"], 2),
                SOURCE,
                note,
            ]
        )
        for j, s in enumerate(SECTORS):
            rows.append(
                [
                    CITY,
                    str(y),
                    SECTOR_NAMES[s],
                    _fmt(m[:, j].sum() / 1e4, 4),
                    "",
                    "",
                    "",
                    "",
                    "",
                    SOURCE,
                    "",
                ]
            )
        for c, name in enumerate(names):
            rows.append(
                [
                    name,
                    str(y),
                    "合计",
                    _fmt(m[c].sum() / 1e4, 4),
                    _fmt(cgdp[y][c], 2),
                    "",
                    "",
                    "",
                    "",
                    SOURCE,
                    "",
                ]
            )
            for j, s in enumerate(SECTORS):
                rows.append(
                    [
                        name,
                        str(y),
                        SECTOR_NAMES[s],
                        _fmt(m[c, j] / 1e4, 4),
                        "",
                        "",
                        "",
                        "",
                        "",
                        SOURCE,
                        "",
                    ]
                )
    return rows, rd


def enterprise_rows(rng: np.random.Generator, rd: dict[int, np.ndarray]) -> list[list[str]]:
    """Fictional 规上工业企业; their R&D sums to 85% of each county's enterprise-sector R&D."""
    names = counties()
    n_total = 330
    county_of = rng.choice(len(names), size=n_total, p=ENTERPRISE_COUNTY_SHARE)
    industry_of = rng.choice(len(INDUSTRIES), size=n_total)
    base_revenue = np.maximum(2000, rng.lognormal(np.log(11000), 1.1, n_total))  # 万元
    propensity = rng.uniform(0, 1, n_total) - 0.15 * np.log10(base_revenue / 11000)
    ratio = np.minimum(0.08, rng.lognormal(np.log(0.010), 0.8, n_total))
    high_tech = rng.uniform(0, 1, n_total) < 0.10 + 4 * ratio
    entry = rng.choice([2022, 2022, 2022, 2022, 2023, 2024], size=n_total)
    rows = []
    for k, y in enumerate(ENTERPRISE_YEARS):
        active_share = [0.50, 0.58, 0.65][k]
        alive = entry <= y
        revenue = np.round(base_revenue * 1.04**k * rng.lognormal(0, 0.08, n_total), 1)
        does_rd = alive & (propensity < active_share)
        spend = np.where(does_rd, revenue * ratio, 0.0)
        for c in range(len(names)):  # scale to 85% of the county's enterprise-sector R&D
            sel = (county_of == c) & does_rd
            target = 0.85 * rd[y][c, 0]
            if spend[sel].sum() > 0:
                spend[sel] *= target / spend[sel].sum()
        spend = np.minimum(np.round(spend, 1), revenue)
        institution = does_rd & (rng.uniform(0, 1, n_total) < 0.45 + 0.1 * k)
        for i in np.flatnonzero(alive):
            rows.append(
                [
                    f"ILL{i + 1:04d}",
                    f"示例企业{i + 1:03d}（虚构）",
                    names[county_of[i]],
                    INDUSTRIES[industry_of[i]],
                    str(y),
                    f"{revenue[i]:.1f}",
                    f"{spend[i]:.1f}",
                    "是" if institution[i] else "否",
                    "是" if does_rd[i] else "否",
                    "是" if high_tech[i] and does_rd[i] else "否",
                    SOURCE,
                ]
            )
    return rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel shows Chinese right
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    tmp.replace(path)


def generate(out_dir: Path, seed: int = SEED) -> list[Path]:
    """Write the illustrative files into ``out_dir``; return their paths."""
    rng = np.random.default_rng(seed)
    rows, rd = region_rows(rng)
    ent = enterprise_rows(rng, rd)
    region_path = out_dir / "tongliao_region_year.csv"
    enterprise_path = out_dir / "tongliao_enterprises.csv"
    _write(region_path, REGION_HEADER, rows)
    _write(enterprise_path, ENTERPRISE_HEADER, ent)
    return [region_path, enterprise_path]
