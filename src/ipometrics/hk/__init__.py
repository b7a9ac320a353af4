"""Hong Kong offering mechanics: clawback regimes, options, application money, allotment odds.

Rules are data (tables with effective dates), functions are pure and take numbers; the
:class:`~ipometrics.models.Offering` methods pass a record's figures into them.
"""
