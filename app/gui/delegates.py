"""Painting for the release list: tags as coloured chips."""

from __future__ import annotations

from app.core.models import Tag
from app.gui.qt import (
    QColor,
    QFontMetrics,
    QModelIndex,
    QPainter,
    QRect,
    QSize,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)
from app.gui.release_model import ROW_ROLE

CHIP_PAD = 6
CHIP_GAP = 4


def text_colour_for(background: str) -> QColor:
    """Return black or white, whichever reads better on `background`."""
    colour = QColor(background)
    luminance = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()
    return QColor("#000000") if luminance > 150 else QColor("#ffffff")


class TagChipsDelegate(QStyledItemDelegate):
    """Draws each tag of a row as a rounded chip in the tag's colour."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.text = ""  # the chips replace the plain-text tag names (kept for copy, a11y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # the selection and background first, as every cell has them, without the text;
        # drawn by Qt's own delegate: calling the style from here made PySide6 build the
        # QStyle class and its enums (~9 ms) before the first rows could paint
        super().paint(painter, option, index)
        row = index.data(ROW_ROLE)
        if row is None or not row.tags:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        height = metrics.height() + 2
        x = option.rect.x() + 3
        y = option.rect.y() + (option.rect.height() - height) // 2
        right = option.rect.right() - 2
        for tag in row.tags:
            width = metrics.horizontalAdvance(tag.name) + 2 * CHIP_PAD
            if x + width > right:
                painter.setPen(option.palette.text().color())
                painter.drawText(QRect(x, y, right - x, height), Qt.AlignmentFlag.AlignVCenter, "…")
                break
            _draw_chip(painter, QRect(x, y, width, height), tag)
            x += width + CHIP_GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        row = index.data(ROW_ROLE)
        metrics = QFontMetrics(option.font)
        tags: tuple[Tag, ...] = row.tags if row is not None else ()
        width = sum(metrics.horizontalAdvance(t.name) + 2 * CHIP_PAD + CHIP_GAP for t in tags)
        return QSize(max(width, 40), metrics.height() + 6)


def _draw_chip(painter: QPainter, rect: QRect, tag: Tag) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(tag.colour))
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setPen(text_colour_for(tag.colour))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tag.name)
