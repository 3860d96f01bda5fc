"""SprintDesk: timed agendas, a drift-free countdown and a presenter view for workshops."""

__version__ = "0.1.0"
