"""Replaying the methods on past periods at the same elapsed point as today, never at a
period's end, and choosing the headline from the errors.

A replay on day D of a past period learns only from the periods before it, all ended before D,
and sees the deals as they stood on D: nothing it uses was recorded after D.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pilot_tui.core.context import Calendar
from pilot_tui.core.forecast.learning import LEARNING_PERIODS, TimingTable, learn
from pilot_tui.core.forecast.methods import BLEND, CRM, METHODS, Projection, project
from pilot_tui.core.forecast.samples import Sample, past_sample
from pilot_tui.core.metrics.frames import Frames, day_number
from pilot_tui.core.metrics.state import Scope
from pilot_tui.core.metrics.window import same_elapsed_point
from pilot_tui.core.periods import Period

BACKTEST_PERIODS = 6
"""Past periods whose replay chooses the headline method and gives its range."""
MIN_SHARE = 0.2
"""A past error of −80 % or worse widens the range as if it were −80 %."""


@dataclass(frozen=True)
class Replay:
    """One past period forecast on the same elapsed day as today, against what it won."""

    label: str
    day: date
    actual: float
    projection: Projection


@dataclass(frozen=True)
class Choice:
    """The headline method (one of ``METHODS`` or ``BLEND``) and its weights when blended."""

    method: str
    weights: dict[str, float]
    errors: list[float]
    """The headline's signed relative errors over the replays that won something."""

    def value(self, projection: Projection) -> float | None:
        if self.method == BLEND:
            return projection.blend(self.weights)
        return projection.value(self.method)


def relative(value: float | None, actual: float) -> float | None:
    """(value − actual) / actual; None when nothing was won or there is no value."""
    return None if value is None or actual == 0 else (value - actual) / actual


def mean_abs(errors: Sequence[float | None]) -> float | None:
    known = [abs(e) for e in errors if e is not None]
    return sum(known) / len(known) if known else None


def past_samples(
    frames: Frames, scope: Scope, period: Period, today: date, count: int, calendar: Calendar
) -> list[Sample]:
    """The ``count`` periods before ``period``, most recent first, each seen at the same
    elapsed point as ``today`` is of ``period`` (``same_elapsed_point``)."""
    first_day = frames.deals["created"].min()
    samples = []
    for back in range(1, count + 1):
        past = period.shifted(back)
        if not first_day <= day_number(past.start):
            break  # the history starts during it: a partial period would teach too little
        day = same_elapsed_point(period, today, past)
        samples.append(past_sample(frames, scope, past, day, calendar))
    return samples


def table_before(samples: Sequence[Sample], index: int, stage_count: int) -> TimingTable:
    """The timing table for ``samples[index]``, learnt from the periods before it."""
    return learn(samples[index + 1 : index + 1 + LEARNING_PERIODS], stage_count)


def replays(samples: Sequence[Sample], count: int, stage_count: int) -> list[Replay]:
    """Replays of the first ``count`` of ``samples`` (most recent first)."""
    return [
        Replay(s.label, s.day, s.actual, project(s, table_before(samples, i, stage_count)))
        for i, s in enumerate(samples[:count])
    ]


def choose(replayed: Sequence[Replay], now: Projection) -> Choice:
    """For the forecast ``now``: the method that can lead now (``Projection.usable``), or the
    inverse-error blend of those, with the lowest mean absolute error over
    ``replayed``; the CRM weighting when no replayed period won anything (no track record:
    what the CRM says is all there is)."""
    usable = [m for m in METHODS if now.usable(m)]
    errors = {m: [relative(r.projection.value(m), r.actual) for r in replayed] for m in usable}
    mae = {m: mean_abs(e) for m, e in errors.items()}
    measured = {m: v for m, v in mae.items() if v is not None}
    if not measured:
        return Choice(CRM, {}, [])
    weights = {m: 1 / max(v, 1e-9) for m, v in measured.items()}
    blended = [relative(r.projection.blend(weights), r.actual) for r in replayed]
    candidates = [(m, errors[m]) for m in measured] + [(BLEND, blended)]
    method, chosen = min(candidates, key=lambda c: _or_inf(mean_abs(c[1])))
    return Choice(method, weights, [e for e in chosen if e is not None])


def _or_inf(value: float | None) -> float:
    return float("inf") if value is None else value


def value_range(forecast: float, won: float, errors: Sequence[float]) -> tuple[float, float]:
    """Where the period should land if today's forecast errs as the replays did: from
    forecast ÷ (1 + the largest over-estimate) to forecast ÷ (1 + the largest under-estimate),
    never under what is already won."""
    if not errors:
        return forecast, forecast
    low = forecast / max(1 + max(errors), MIN_SHARE)
    high = forecast / max(1 + min(errors), MIN_SHARE)
    return max(min(low, forecast), won), max(high, forecast, won)
