"""Opening a library safely: damaged and locked libraries, backups made and restored by hand.

Every question goes through app.gui.prompts (tests answer them); every file operation is a
call into app.core.safety, which never deletes or overwrites a library.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core import safety
from app.core.errors import LibraryError
from app.core.library import Library
from app.gui import errors, prompts
from app.gui.qt import QDialog, QLabel, QPushButton, Qt, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.gui.window import MainWindow

# answers of the recovery dialog
RESTORE, CHOOSE, NEW, QUIT = "restore", "choose", "new", "quit"
# answers of the locked-library question
RETRY, READ_ONLY = "retry", "read-only"


def damage_text(error: safety.LibraryDamagedError) -> str:
    """Return what happened to a damaged library, in plain words, for the recovery dialog."""
    lines = [
        f"Briefbook could not open {error.library.name}: the file is damaged.",
        f"Nothing was deleted. The damaged file was moved aside and kept as:\n{error.damaged_path}",
    ]
    if error.backup is not None:
        lines.append(
            f"The newest good backup is from {error.backup.describe()}. Restoring it brings "
            "back the library as it was then; changes made after that are only in the "
            "damaged file."
        )
    else:
        lines.append("There is no good automatic backup of this library.")
    return "\n\n".join(lines)


class RecoveryDialog(QDialog):
    """Tells the user a library was damaged and offers a backup, another one, a new library."""

    def __init__(self, error: safety.LibraryDamagedError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The library is damaged")
        self.choice = QUIT
        text = QLabel(damage_text(error))
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setAccessibleName("What happened")
        text.setMinimumWidth(540)  # the dialog is fixed to its layout's size hint
        heading = QLabel("The library file is damaged")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        if error.backup is not None:
            self._button(layout, RESTORE, f"Restore backup from {error.backup.describe()}")
        self._button(layout, CHOOSE, "Choose another backup…")
        self._button(layout, NEW, "Start a new empty library")
        self._button(layout, QUIT, "Quit")
        first = self.buttons.get(RESTORE) or self.buttons[CHOOSE]
        first.setDefault(True)
        first.setFocus()
        # the dialog is as tall as its text and buttons: no empty band at the bottom
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)

    def _button(self, layout: QVBoxLayout, choice: str, label: str) -> None:
        button = QPushButton(label)
        button.setAutoDefault(False)
        button.setMinimumHeight(30)
        button.clicked.connect(lambda: self._choose(choice))
        layout.addWidget(button)
        self.buttons[choice] = button

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def open_library(path: Path, parent: QWidget | None = None) -> Library | None:
    """Return the library at `path` opened, recovered or read-only as the user chose, or None."""
    while True:
        try:
            return Library.open(path)
        except safety.LibraryDamagedError as error:
            return _recover(error, parent)
        except safety.LibraryLockedError as error:
            answer = prompts.ask_locked(parent, str(error))
            if answer == READ_ONLY:
                return _open_read_only(path, parent)
            if answer != RETRY:
                return None
        except LibraryError as error:
            errors.show_error(parent, str(error), title="Briefbook cannot open the library")
            return None


def _open_read_only(path: Path, parent: QWidget | None) -> Library | None:
    try:
        return Library.open(path, read_only=True)
    except LibraryError as error:
        errors.show_error(parent, str(error), title="Briefbook cannot open the library")
        return None


def _recover(error: safety.LibraryDamagedError, parent: QWidget | None) -> Library | None:
    """Ask until a backup is restored, a new library started, or the user quits."""
    library = error.library  # moved aside: opening it again would start an empty library
    while True:
        choice = prompts.ask_recovery(parent, error)
        if choice == QUIT:
            return None
        if choice == NEW:
            return _open_or_report(library, parent, seed=False)
        source = error.backup.path if choice == RESTORE and error.backup else None
        if choice == CHOOSE:
            source = prompts.ask_backup_file(parent, _backup_folder(library))
        if source is None:
            continue
        try:
            message = safety.restore(library, source)
        except LibraryError as failure:
            errors.show_error(parent, str(failure), title="The backup was not restored")
            continue
        lib = _open_or_report(library, parent)
        if lib is not None:
            errors.log.info("%s", message)
            lib.guard.notices.insert(
                0, f"{message} The damaged file is kept as {error.damaged_path}."
            )
        return lib


def _open_or_report(library: Path, parent: QWidget | None, *, seed: bool = True) -> Library | None:
    try:
        return Library.open(library, seed=seed)
    except LibraryError as error:
        errors.show_error(parent, str(error), title="Briefbook cannot open the library")
        return None


def _backup_folder(library: Path) -> Path:
    """Return where to start looking for a backup: the automatic backups' folder if any."""
    found = safety.list_backups(library)
    return found[0].path.parent if found else library.parent


def back_up_now(win: MainWindow) -> Path | None:
    """Copy the open library into a folder the user chooses, verified; return the copy."""
    if win.lib.path is None:
        return None
    folder = prompts.ask_backup_folder(win)
    if folder is None:
        return None
    try:
        made = safety.backup(win.lib.path, to=folder)
    except LibraryError as error:
        errors.show_error(win, str(error), title="The backup was not made")
        return None
    prompts.show_text(win, "Backup made", f"The library was copied and checked:\n{made}")
    return made


def restore_from_backup(win: MainWindow) -> bool:
    """Replace the open library with a backup the user chooses; return True when restored."""
    library = win.lib.path
    if library is None:
        return False
    source = prompts.ask_backup_file(win, _backup_folder(library))
    if source is None:
        return False
    question = (
        f"Replace the library with the backup {source.name}?\n\nThe library as it is now "
        "is kept beside it, not deleted. Changes made since the backup will not be in the "
        "restored library."
    )
    if not prompts.confirm(win, "Restore from backup", question):
        return False
    win.close_library()
    try:
        message = safety.restore(library, source)
    except LibraryError as error:
        errors.show_error(win, str(error), title="The backup was not restored")
        message = None
    lib = open_library(library, win)  # the current library again if the restore failed
    if lib is None:
        win.close()
        return False
    win.switch_library(lib)
    if message:
        prompts.show_text(win, "Backup restored", message)
    return message is not None
