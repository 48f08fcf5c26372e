"""An attachment's content -> the bytes of its file: CSV for a table, PNG for a chart,
iCalendar (.ics) for a calendar.

The domain says what a file holds; only this layer knows file formats."""

from __future__ import annotations

from commands.core.answers import Attachment, CalendarFile, Chart, Table


def file_bytes(attachment: Attachment) -> bytes:
    content = attachment.content
    if isinstance(content, bytes):
        return content
    if isinstance(content, Table):
        from bot.render.csv import table_csv

        return table_csv(content)
    if isinstance(content, Chart):
        from bot.render.chart import draw  # matplotlib loads only when a chart is drawn

        return draw(content)
    if isinstance(content, CalendarFile):
        from bot.render.ical import ics

        return ics(content)
    raise TypeError(f"no file format for {type(content).__name__}")
