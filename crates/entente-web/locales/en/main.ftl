# Frame
skip-to-content = Skip to content
nav-label = Main
nav-network = Network
nav-formats = Formats
nav-groupings = Regions and groupings
nav-api = API
demo-banner = Demonstration data: the real NATO network of allies and partners, with synthetic contacts. Nothing here is an official record.
footer-text = Entente runs and measures a security alliance's network of partnerships.
as-of-label = As of
as-of-submit = Show
as-of-today = Today
as-of-shown = Shown as of

# Errors
error-status = Status
error-back = Back to the network
error-not-found-title = Not found
error-not-found = Nothing here: the address is wrong, or the item is not available to you.
error-internal-title = Something went wrong
error-internal = Something went wrong on our side; it has been logged. Please try again.
error-bad-request-title = The request cannot be answered

# Overview
overview-title = The partner network
overview-lead = Allies, partner states and partner organisations in their frameworks, on the date you choose.
counts-heading = Counts
count-allies = Allies
count-partner-states = Partner states
count-partner-orgs = Partner organisations
count-suspended = Suspended partners
allies-heading = Allies
none-on-date = None on this date.
suspended-label = Suspended:
count-nations = { $count ->
    [one] { $count } nation
   *[other] { $count } nations
}

# Nations
kind-member = Member (ally)
kind-partner_state = Partner state
kind-partner_org = Partner organisation
field-kind = Kind
field-status = Status
field-region = Region
field-frameworks = Frameworks
field-population = Population
field-gdp = GDP
status-ally = Ally
status-partner = Partner
status-suspended = Suspended
status-former = Former partner
status-not_yet = Not yet a partner
timeline-heading = History in the frameworks
timeline-chart-title = Periods in each framework, from 1949 to the date shown
col-date = Date
col-framework = Framework
col-event = Event
col-note = Note
precision-day = known to the day
precision-month = known to the month
precision-year = known to the year
event-joined = Joined
event-left = Left
event-suspended = Suspended
event-became_member = Became an ally
nation-formats-heading = Formats it sits in
nation-no-formats = No format on this date.
nation-groupings-heading = Regional groupings and organisations
nation-no-groupings = None recorded.
contacts-heading = Points of contact
contacts-none = None recorded.
col-name = Name
col-role = Role
col-email = E-mail
col-phone = Telephone

# Frameworks
framework-launched = Launched
framework-active = Active participants
framework-suspended = Suspended
framework-former = Former participants
col-nation = Nation
col-region = Region
col-joined = Joined
col-left = Left
end-left = left
end-suspended = suspended
end-became_member = became an ally

# Formats
formats-title = Formats
formats-lead = Who sits in the room. A format is a rule resolved against the record on the date of a meeting, never a hand-kept list.
col-format = Format
col-kind = Kind
col-allies = Allies
col-partners = Partners
format-kind-all_allies = All allies
format-kind-allies_plus = Allies + named partners
format-kind-framework = Whole framework
format-kind-across_frameworks = Across frameworks
format-rule = Rule
format-rule-allies = All allies
format-seats = Seats
format-excluded = Named, but not seated on this date
exclusion-unknown_nation = not in the registry
exclusion-not_yet_partner = not yet a partner
exclusion-no_longer_partner = no longer a partner
exclusion-suspended = partnership suspended
basis-framework = through { $framework }
basis-invited = named in the format

# Groupings
groupings-title = Regions and groupings
groupings-lead = Regional organisations and groupings, with their members in the network, and the regions of the registry.
groupings-heading = Regional organisations and groupings
regions-heading = Regions
grouping-kind-organisation = Regional organisation
grouping-kind-grouping = Grouping
