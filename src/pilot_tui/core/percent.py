"""Shares (0..1) at the edges: one way to print a percentage across core, CLI and reports."""


def format_share(share: float, *, signed: bool = False) -> str:
    """0.62 → "62 %", rounded to a whole percent (half to even, never "-0 %"); ``signed``
    always prints the sign: "+5 %", "-3 %", "+0 %"."""
    percent = round(share * 100)
    return f"{percent:+d} %" if signed else f"{percent} %"
