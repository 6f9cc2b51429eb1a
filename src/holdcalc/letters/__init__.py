"""Demand letters and grievances: the template language (template), phrases and
written dates (phrases), the fields of a letter (fields), and batch writing (batch).

Import from the submodules: the package itself loads nothing, so the command line
starts fast.
"""
