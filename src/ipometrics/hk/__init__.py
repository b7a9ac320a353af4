"""Hong Kong offering mechanics: clawback regimes, options, application money, allotment odds.

Rules are data (tables with effective dates), functions are pure and take numbers; the
:class:`~ipometrics.models.Offering` methods pass a record's figures into them.

======================  ===================================================================
module                  what it holds
======================  ===================================================================
``hk.clawback``         regimes (Practice Note 18, Chapter 18C, Mechanisms A and B) as
                        dated ladders; :func:`clawback`
``hk.options``          base / upsized / over-allotted offer sizes and proceeds;
                        tranche reconciliation
``hk.fees``             the dated fee schedule; exact application money
                        (:func:`amount_payable`), prospectus-style tables, break-even price
``hk.allotment``        the basis-of-allocation parser, Pool A / Pool B tables, one-lot and
                        per-tier odds
``hk.demand``           demand implied by brokers' margin financing (an estimate)
======================  ===================================================================
"""

from ipometrics.hk.allotment import (
    AllotmentTable,
    AllotmentTerms,
    allotment_summary,
    check_allotment_table,
    load_allotment_table,
    odds_frame,
    one_lot_success_rate,
    overall_success_ratio,
    parse_basis,
    pool_summary,
    tier_odds,
)
from ipometrics.hk.clawback import REGIMES, ClawbackRegime, clawback, regime_for
from ipometrics.hk.demand import margin_implied_multiple
from ipometrics.hk.fees import (
    FEE_SCHEDULE,
    ApplicationMoney,
    amount_payable,
    amount_payable_table,
    break_even_price,
    sale_proceeds,
)
from ipometrics.hk.options import offer_scenarios, reconcile_tranche

__all__ = [
    "FEE_SCHEDULE",
    "REGIMES",
    "AllotmentTable",
    "AllotmentTerms",
    "ApplicationMoney",
    "ClawbackRegime",
    "allotment_summary",
    "amount_payable",
    "amount_payable_table",
    "break_even_price",
    "check_allotment_table",
    "clawback",
    "load_allotment_table",
    "margin_implied_multiple",
    "odds_frame",
    "offer_scenarios",
    "one_lot_success_rate",
    "overall_success_ratio",
    "parse_basis",
    "pool_summary",
    "reconcile_tranche",
    "regime_for",
    "sale_proceeds",
    "tier_odds",
]
