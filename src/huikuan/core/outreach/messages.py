# ruff: noqa: E501  (one msgid per line: the catalogue matches the source text exactly)
"""Every rule explanation the gate can give (linter rules and policy packs), marked for translation.

Decisions store the English text as evidence; pages translate it when shown. Kept in sync with
lint.py and packs/*.json by tests/core/outreach/test_outreach_messages.py.
"""

from ..i18n import N_

EXPLANATIONS = (
    N_("Threatens violence or harm to the person or property."),
    N_("Threatens to expose or publicly shame the debtor."),
    N_("Threatens or alludes to involving the debtor's family, employer, school or contacts."),
    N_("Threatens repeated or continuous contact or following the person (harassment)."),
    N_("Insults or demeans the person."),
    N_("Claims to be, or to speak for, a court, the police or a government body."),
    N_("States a false or misleading legal consequence (arrest, prison, criminal liability, seizure)."),
    N_("Discloses the debt to someone other than the debtor."),
    N_("Demands a fee or charge that is not an item of the ledger."),
    N_("The message does not say who is sending it."),
    N_("A first notice must tell the debtor how to dispute the debt."),
    N_("Contact only 08:00-21:00 in the debtor's local time (a margin inside the 22:00-08:00 ban)."),
    N_("No collection contact on the configured quiet days (e.g. Spring Festival)."),
    N_("At most 3 connected calls per debtor per local day."),
    N_("At most 6 dial attempts per number per local day."),
    N_("At most 1 message per channel per recipient per local day."),
    N_("At most 2 visits per person in any 7 consecutive local days."),
    N_(
        "Only the debtor and guarantors may be contacted about the debt; never relatives, employers, schools, references or other third parties."
    ),
    N_(
        "A listed contact may be contacted only to locate an unreachable debtor, asking the debtor to get in touch and never disclosing the debt."
    ),
    N_("A visit must be made by at least 2 staff."),
    N_("A dispute is open: collection pauses until it is resolved."),
    N_("The case is paused."),
    N_("The debtor asked that contact cease."),
    N_("The recipient opted out of this channel."),
    N_("The sender's identity must be verified and disclosed; no impersonation."),
    N_("No communication before 8:00 a.m. or after 9:00 p.m. at the consumer's location."),
    N_("No collection contact on the configured quiet days."),
    N_("No more than 7 call attempts to a person about a debt within 7 consecutive days."),
    N_("No call within 7 days after a telephone conversation about the debt (the conversation day is day 1)."),
    N_("A third party may be asked for location information only once (a repeat needs their request)."),
    N_(
        "Only the consumer and co-obligors may be contacted about the debt (the platform does not use the spouse/parent extension of 1006.6(a))."
    ),
    N_(
        "A third party may be contacted only to acquire location information, without stating that the consumer owes a debt."
    ),
    N_("The validation notice must be sent before any other collection communication."),
    N_("A dispute is open: collection stops until verification is provided."),
    N_("The consumer asked the collector to cease communication."),
    N_("The consumer opted out of this channel."),
    N_("The sender's identity must be verified and meaningfully disclosed."),
)
