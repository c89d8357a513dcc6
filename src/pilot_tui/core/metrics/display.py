"""KPI values for people: one formatting for the CLI table, reports and ritual snapshots."""

from babel.dates import format_interval

from pilot_tui.core.metrics.catalog import BY_ID, Unit
from pilot_tui.core.metrics.snapshot import KpiSnapshot, KpiValue
from pilot_tui.core.money import format_money
from pilot_tui.core.percent import format_share
from pilot_tui.i18n import _

SHORT_NAMES = {
    "win_rate": _("Win rate"),
    "win_rate_value": _("Win rate €"),
    "avg_won_size": _("Avg won"),
    "pipeline_value": _("Pipeline"),
    "weighted_pipeline": _("Weighted"),
    "cycle_length": _("Cycle"),
    "stage_duration": _("In stage"),
    "velocity": _("Velocity"),
    "coverage": _("Coverage"),
    "pipeline_needed": _("Needed"),
    "stuck_deals": _("Stuck"),
    "slipped_deals": _("Slipped"),
    "pushed_deals": _("Pushed"),
    "new_opps_per_week": _("New opps"),
    "activities_per_week": _("Activities"),
    "next_step_coverage": _("Next step"),
    "skipped_stages": _("Skipped"),
    "objectives_coherence": _("Coherence"),
    "hygiene_score": _("Hygiene"),
    "stage_conversion": _("Conversion"),
    "funnel": _("Funnel"),
}
"""Names that fit a dashboard card at 80 columns (the catalog has the full ones)."""


def short_name(kpi_id: str) -> str:
    return SHORT_NAMES.get(kpi_id) or (BY_ID[kpi_id].name if kpi_id in BY_ID else kpi_id)


def format_amount(unit: Unit, value: float, currency: str, locale: str = "en") -> str:
    """``value`` in ``unit``: '62 %', '€12.5K', '€1.2K/day', '34 d', '2.4×', '3.5/wk', '7'."""
    if unit is Unit.SHARE:
        return format_share(value)
    if unit is Unit.MONEY:
        return format_money(value, currency, compact=True, locale=locale)
    if unit is Unit.MONEY_PER_DAY:
        return _("{money}/day").format(
            money=format_money(value, currency, compact=True, locale=locale)
        )
    if unit is Unit.DAYS:
        return _("{days:g} d").format(days=round(value, 1))
    if unit is Unit.RATIO:
        return f"{value:.1f}×"
    if unit is Unit.PER_WEEK:
        return _("{count:.1f}/wk").format(count=value)
    if unit is Unit.SCORE:
        return f"{value:.0f}/100"
    return f"{value:.0f}"


def format_kpi(kpi: KpiValue, value: float | None, currency: str, locale: str = "en") -> str:
    """A KPI value for people ('—' when there is none, 'too few to say' under 10 events)."""
    if value is None:
        return _("too few to say") if kpi.too_few else "—"
    return format_amount(kpi.unit, value, currency, locale)


def change_word(kpi: KpiValue) -> str:
    """'real' / 'not significant' for a tested rate, else 'up' / 'down' / 'same'; '—' when
    there is nothing to compare."""
    if kpi.significant is not None:
        return _("real") if kpi.significant else _("not significant")
    if kpi.previous is None or kpi.value is None:
        return "—"
    if kpi.value == kpi.previous:
        return _("same")
    return _("up") if kpi.value > kpi.previous else _("down")


def format_change(kpi: KpiValue, currency: str, locale: str = "en") -> str:
    """The change since the previous period, signed, with the test's word for a rate:
    '+5 % (not significant)', '-€3K (down)'; 'too few to say' when this period is too few, or
    a rate has no value for the previous one; 'n=4, too few to compare' for an average or
    median on fewer than 10 cases on either side; '—' when there is nothing to compare (a KPI
    without history, no target last period…)."""
    if kpi.too_few:
        return _("too few to say")
    if kpi.too_few_to_compare:
        return _("n={n}, too few to compare").format(n=kpi.n or 0)
    if kpi.change is None:
        rate = kpi.id in BY_ID and BY_ID[kpi.id].rate
        return _("too few to say") if rate and kpi.value is not None else "—"
    sign = "-" if kpi.change < 0 else "+"
    if kpi.unit is Unit.SHARE:  # a difference of two shares is in points, not percent
        amount = _("{points:.0f} pts").format(points=abs(kpi.change) * 100)
    else:
        amount = format_amount(kpi.unit, abs(kpi.change), currency, locale)
    return f"{sign}{amount} ({change_word(kpi)})"


def compared_span(snapshot: KpiSnapshot, locale: str = "en") -> str:
    """What the previous values cover: 'Oct 1–18' (the previous period up to the same elapsed
    point, while this one is in progress) or the previous period's label ('2026-10')."""
    if not snapshot.like_for_like:
        return snapshot.previous_period.label
    span = format_interval(
        snapshot.previous_period.start, snapshot.previous_as_of, "MMMd", locale=locale
    )
    return span.replace("\u2009", "")  # Babel's thin spaces around the dash


def compared_with(snapshot: KpiSnapshot, locale: str = "en") -> str:
    """'vs Oct 1–18 (same point of 2026-10)' or 'vs 2026-10': what a change is measured from."""
    if not snapshot.like_for_like:
        return _("vs {period}").format(period=snapshot.previous_period.label)
    return _("vs {span} (same point of {period})").format(
        span=compared_span(snapshot, locale), period=snapshot.previous_period.label
    )
