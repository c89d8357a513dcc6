"""Reusable widgets: title bar, verdict banner, KPI card, funnel, deal table, stage board."""
