"""Provenance in words: source captions, the illustrative-data banner and the build summary."""

from __future__ import annotations

import pandas as pd

from rdanalysis import facts
from rdanalysis.analysis.indicators import sources_of


def source_line(*frames: pd.DataFrame) -> str:
    """The distinct sources of the given rows, joined for a figure caption."""
    for frame in frames:
        facts.record(frame)  # a caption's sources are sources the report shows
    return ";".join(sources_of(*frames))


def build_summary(info: dict, observations: pd.DataFrame, region: str) -> str:
    """A short Markdown paragraph: what the build read, how much of ``region`` is illustrative."""
    sub = observations[observations["region"] == region]
    facts.record(sub)  # the report runner reads this, not the sentences below
    n_ill = int(sub["status"].eq("illustrative").sum())
    n_real = len(sub) - n_ill
    user = int(observations["status"].eq("user").sum())
    lines = [
        f"数据构建于 {info['built_at']}(rdanalysis {info['rdanalysis']}),"
        f"读取 {len(info['inputs_sha256'])} 个原始文件。",
        f"{region}: 真实数值 {n_real} 个,示例数值 {n_ill} 个;用户提供数值 {user} 个(全部地区)。",
    ]
    if n_ill:
        lines.append(
            f"> **注意:{region}的R&D数据为示例数据(非真实统计)**,由 rdanalysis 的示例数据"
            "生成器按固定随机种子生成,仅用于演示方法;请用正式统计数据替换(见 README)。"
        )
    return "\n\n".join(lines)


def status_banner(rows: pd.DataFrame, region: str) -> str:
    """A Markdown warning when any of ``rows`` is illustrative (empty string otherwise)."""
    facts.record(rows)  # the report runner reads this, not the sentence below
    if not rows["status"].eq("illustrative").any():
        return ""
    return (
        f"> ⚠️ **{region}的R&D数据为示例数据(非真实统计)**,仅用于演示方法,不代表实际情况。"
        f" **Illustrative data, not official statistics.**"
    )
