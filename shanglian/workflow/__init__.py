"""Workflow kit: declared status transitions applied by one service call (`services.apply`).

A model's transitions are a table (`kit.Workflow`) declared in its app's `workflows.py` and registered
with `kit.register`. Applying one checks the rule, writes the new state and one audit row, notifies the
declared recipients and stores the next step's due date (working days).
"""
