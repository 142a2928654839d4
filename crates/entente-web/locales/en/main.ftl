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

# Access
nav-users = Users
nav-audit = Audit log
affiliation-staff = Alliance staff
sign-in = Sign in
sign-out = Sign out
demo-account-banner = You are signed in with a demonstration account.
role-staff_admin = Staff administrator
role-staff_officer = Staff officer
role-delegation_lead = Delegation lead
role-delegation_member = Delegation member
role-analyst = Analyst (read-only)
field-username = User name
field-password = Password
field-display-name = Name
field-affiliation = Delegation
field-role = Role
field-email = E-mail
field-code = Code
field-current-password = Current password
field-new-password = New password
field-confirm-password = New password, again
field-token-name = Token name
field-token-days = Valid for (days)
field-last-login = Last sign-in
login-demo-hint = Demonstration accounts and their passwords are printed when `entente demo` starts.
login-expired = The sign-in form expired. Please try again.
login-failed = Wrong user name or password.
login-throttled = { $minutes ->
    [one] Too many failed sign-in attempts for this account or from this address. Try again in { $minutes } minute.
   *[other] Too many failed sign-in attempts for this account or from this address. Try again in { $minutes } minutes.
}
totp-title = Second factor
totp-login-intro = Enter the 6-digit code from your authenticator app, or one of your recovery codes.
totp-verify = Verify
totp-failed = That code is not valid. Check your device's clock and try again.
account-title = Your account
must-change-password = Choose a new password before you go on: the current one was given to you by an administrator.
password-heading = Password
password-hint = At least 12 characters. Any characters; a passphrase of several words works well. Common passwords are refused.
password-change = Change password
password-mismatch = The two new passwords differ.
password-wrong = The current password is not correct.
totp-heading = Two-step sign-in (TOTP)
totp-on = Two-step sign-in is on.
totp-off = Two-step sign-in is off. Turn it on to ask for a code from an authenticator app at every sign-in.
totp-set-up = Set up two-step sign-in
totp-turn-off = Turn off two-step sign-in
totp-enrol-intro = Scan this code with an authenticator app, then enter the 6-digit code it shows.
totp-qr-label = QR code for the authenticator app
totp-manual = Or enter this key by hand:
totp-confirm = Confirm and turn on
recovery-title = Recovery codes
recovery-intro = Two-step sign-in is on. Keep these recovery codes somewhere safe: each one signs you in once if you lose your device.
tokens-heading = API tokens
tokens-intro = Tokens let programs use the API with your rights. Send one as "Authorization: Bearer …". A token is shown once, when it is created.
token-created = Token created.
token-shown-once = Your new token (copy it now: it will not be shown again)
token-usage = curl -H "Authorization: Bearer TOKEN" https://…/api/v1/me
token-create = Create token
token-revoke = Revoke
token-revoked = Revoked
col-token = Token
col-expires = Expires
col-last-used = Last used
col-actions = Actions
col-state = State
shown-once = This is shown once. Nothing here is kept in readable form.
continue = Continue
users-title = Users
users-filter = Delegation
users-staff-lead = Accounts of the alliance staff.
users-delegation-lead = Accounts of the delegation of
users-new = New account
users-create = Create account
users-manage = Manage this account
username-hint = 3 to 64 lowercase letters, digits, dots, dashes or underscores.
nation-hint = "staff" for the alliance staff, or a nation code.
state-active = Active
state-disabled = Disabled
state-on = On
state-off = Off
user-enable = Enable account
user-disable = Disable account
user-reset = Reset password
user-grant = Change role
user-created-title = Account created
password-reset-title = Password reset
temporary-password-intro = Give this temporary password to { $user } through a separate channel. It must be changed at the first sign-in.
audit-title = Audit log
audit-no-access = Your role does not give access to the audit log.
audit-lead-admin = Every change, newest first. Each entry is chained to the previous one; `entente audit verify` detects any edit or deletion.
audit-lead-delegation = The changes made by your delegation, newest first.
audit-actor = Who
audit-action = Action
audit-object = Object
audit-from = From
audit-to = To
audit-empty = No entries.
audit-older = Older entries
error-forbidden-title = Not allowed
error-throttled-title = Too many attempts

nav-inbox = Inbox
inbox-title = Inbox
inbox-unread-count = { $count ->
    [0] No unread notifications
    [one] One unread notification
   *[other] { $count } unread notifications
}
inbox-new = New
inbox-empty = Nothing here yet. Meetings you sit in, your requests and your actions will be announced here.
inbox-open = Open
inbox-mark-read = Mark as read
inbox-mark-all-read = Mark all as read
inbox-read-on = read
calendar-heading = Calendar feed
calendar-intro = A private address for your calendar application, listing the meetings you may see. A new address replaces the previous one; anyone who has it can read your meetings, so keep it to yourself.
calendar-create = Make a new calendar address
calendar-revoke = Turn the calendar feed off
calendar-created-title = Calendar address
calendar-created-intro = Subscribe to this address in your calendar application. Any earlier address no longer works.
