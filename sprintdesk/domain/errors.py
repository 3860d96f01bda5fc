"""Errors the domain raises for input a person typed."""


class ValidationError(ValueError):
    """Input that breaks a rule of the domain; the message is shown to the user as is."""
