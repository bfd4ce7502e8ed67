"""The screens: the main screen and its command groups, triage, and the
dialogs (editors, help, messages). Only the main screen is imported at start;
the others when first shown."""

from .main import MainScreen

__all__ = ["MainScreen"]
