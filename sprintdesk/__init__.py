"""SprintDesk: timed agendas, a drift-free countdown and a presenter view for workshops."""

__version__ = "0.1.0"
# The reverse-DNS application id: the desktop entry, the AppStream metainfo and the icon's name.
APP_ID = "io.github.sprintdesk.SprintDesk"
