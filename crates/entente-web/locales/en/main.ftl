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
unit-millions = M
unit-usd-billions = bn USD
unit-kb = KB
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
format-exists = Exists
format-not-in-force = This format does not exist on this date: nobody sits in it.
format-not-in-force-short = does not exist on this date
validity-between = from { $from } to { $to }
validity-from = from { $from }
validity-until = until { $to }
validity-always = always
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
inbox-empty = Nothing here yet. Meetings you sit in, your requests and your actions will be announced here.
inbox-mark-read = Mark as read
inbox-mark-all-read = Mark all as read
inbox-read-on = read on { $date }
inbox-unread-label = Unread
inbox-read-label = Read
inbox-details = Details
inbox-at = { $date }, { $time } UTC
# Notices: each is one sentence in words, as the inbox shows it and an e-mail begins. $who is who
# acted (a nation's name, or notice-who-staff); a meeting is named with its date.
notice-who-staff = The staff
notice-date = { $day } { $month } { $year }
notice-month-1 = January
notice-month-2 = February
notice-month-3 = March
notice-month-4 = April
notice-month-5 = May
notice-month-6 = June
notice-month-7 = July
notice-month-8 = August
notice-month-9 = September
notice-month-10 = October
notice-month-11 = November
notice-month-12 = December
notice-meeting-convened = { $who } convened “{ $meeting }” of { $date }.
notice-agenda-item-proposed = { $who } proposed the agenda item “{ $item }” for “{ $meeting }” of { $date }.
notice-agenda-item-accepted = { $who } put “{ $item }” on the agenda of “{ $meeting }” of { $date }.
notice-record-circulated = { $who } circulated the summary record of “{ $meeting }” of { $date } under silence procedure.
notice-silence-broken = { $who } broke silence on the summary record of “{ $meeting }” of { $date }.
notice-record-agreed = The summary record of “{ $meeting }” of { $date } was agreed under silence procedure.
notice-action-assigned = { $who } assigned the action “{ $action }” to { $owner }, due { $due }.
notice-action-overdue = The action “{ $action }” assigned to { $owner } was due on { $due } and is overdue.
notice-request-submitted = { $who } requested consultations ({ $basis }).
notice-request-acknowledged = { $who } acknowledged the consultation request filed by { $requester } on { $submitted }.
notice-request-meeting-convened = { $who } convened “{ $meeting }” of { $date } on the consultation request of { $requester }.
notice-request-meeting-convened-unnamed = { $who } convened a meeting on the consultation request of { $requester }.
notice-poll-opened = { $who } opened the poll “{ $poll }” for “{ $meeting }” of { $date }.
notice-poll-closed = { $who } closed the poll “{ $poll }” for “{ $meeting }” of { $date }.
notice-report-filed = { $who } filed a security-challenge report: { $category } in { $country } on { $occurred }.
notice-report-step = { $who } marked the security-challenge report on { $category } in { $country } on { $occurred } “{ $status }”.
notice-seats-changed = { $nation } now holds { $now ->
    [0] no seats
    [one] one seat
   *[other] { $now } seats
} in “{ $activity }” (before: { $before }).
notice-feedback-given = { $nation } gave feedback on “{ $activity }”: relevance { $relevance }/5, quality { $quality }/5, organisation { $organisation }/5.
calendar-heading = Calendar feed
calendar-intro = A private address for your calendar application, listing the meetings you may see. A new address replaces the previous one; anyone who has it can read your meetings, so keep it to yourself.
calendar-create = Make a new calendar address
calendar-revoke = Turn the calendar feed off
calendar-created-title = Calendar address
calendar-created-intro = Subscribe to this address in your calendar application. Any earlier address no longer works.
# Consultation
nav-meetings = Meetings
nav-requests = Requests
nav-actions = Actions
none = None.
apply = Apply
reason = Reason
overdue = overdue
times-in-meeting-zone = Times are read on the clocks of the time zone above.
times-in-headquarters-zone = Times are read on the headquarters’ clocks (Europe/Brussels); the meeting page shows them in UTC too.
col-meeting = Meeting
col-level = Level
col-seats = Seats
col-title = Title
col-description = Description
meetings-title = Meetings
meetings-lead = Consultations in flexible formats: who sits in each meeting follows its format on the meeting's date.
meetings-upcoming = Upcoming
meetings-past = Past
meeting-plan = Plan a meeting
meeting-start = Start
meeting-end = End
meeting-tz = Time zone (the start and end are read in it)
meeting-venue = Place
meeting-online = Online
meeting-move = Move to
meeting-participants = Participants
meeting-format = Format:
meeting-allies-count = { $count ->
    [one] 1 ally
   *[other] { $count } allies
}
format-name-allies = Allies
meeting-participants-rule = Resolved from the format on the meeting's date.
format-custom = Custom format
format-frameworks = Frameworks
format-partners = Named partners
level-ambassadors = Ambassadors
level-ministers = Ministers
level-experts = Experts
level-heads_of_state = Heads of state and government
request-link = The request it answers
agenda-heading = Agenda
agenda-pending = Proposals awaiting a decision
agenda-accept = Accept
agenda-reject = Reject
agenda-withdraw = Withdraw
agenda-edit = Edit the item
save = Save
agenda-propose = Propose an agenda item
papers-heading = Documents and statements
paper-statement = Statement
paper-document = Document
paper-add-statement = Add a national statement
paper-upload = Upload a document
paper-edit = Edit the statement
paper-withdraw = Withdraw
paper-file = File
paper-file-hint = PDF, Word, Excel, PowerPoint, OpenDocument text, PNG, JPEG, plain text or CSV; at most 20 MB.
marking-legend = Releasability
marking-classification = Classification
marking-audience = Releasable to
marking-codes = Nations or frameworks
audience-staff = Staff only
audience-allies = Allies only
audience-nations = Named nations (and allies)
audience-frameworks = Named frameworks (and allies)
audience-all_partners = All partners
audience-public = The public
record-heading = Summary record
record-none = No summary record yet.
record-draft = Draft a version
record-text = Text
record-version = Version
record-circulated = circulated
record-deadline = Silence until
record-circulate = Circulate under silence procedure
record-breaks = Silence broken by
record-break = Break silence
record-break-comment = Your comment
silence-draft = Draft
silence-circulating = Under silence procedure
silence-broken = Silence broken
silence-agreed = Agreed
decisions-heading = Decisions
decision-record = Record a decision
decision-correct = Correct the text
decision-revisions = { $count ->
    [one] Corrected once
   *[other] Corrected { $count } times
}
decision-text = Decision
decision-position = Your position
position-supports = Supports
position-reserves = Reserves its position
position-dissociates = Dissociates itself
position-no_position = No position
actions-heading = Follow-up actions
actions-title = Follow-up actions
actions-lead = The actions your delegation owes, soonest due first; overdue ones stand out.
actions-all = Show all, including done
actions-open-only = Show open ones only
action-owner = Owner
action-due = Due
action-assign = Assign an action
action-correct = Correct the action
action-was = was
action-revisions = { $count ->
    [one] Corrected once
   *[other] Corrected { $count } times
}
action-in_progress = In progress
action-cancelled = Cancelled
polls-heading = Scheduling polls
poll-open = Open a scheduling poll
poll-options = Options (one date and time per line, in the meeting's time zone: { $zone })
poll-hide = Hide results until the poll closes
poll-option = Option
poll-answer = Your answer
poll-tally = Yes / if need be / no
poll-vote = Vote
poll-close = Close the poll
poll-closed = closed
poll-hidden = Results are shown when the poll closes.
poll-winner = Chosen:
answer-yes = Yes
answer-if_need_be = If need be
answer-no = No
requests-title = Consultation requests
requests-lead = A partner that perceives a direct threat may request consultations (PfP Framework Document, paragraph 8); an ally may invoke Article 4. Each step is dated.
request-file = Request consultations
request-intro = The alliance staff acknowledge the request and convene a meeting in a fitting format. You see the status at every step.
request-none-open = Your delegation cannot request a consultation today:
request-adjust-format = The format: adjust it if needed
request-basis = Basis
request-threat = The threat perceived
request-threat-hint = Describe the threat to your territorial integrity, political independence or security. By default only the alliance staff and your delegation see this text.
request-submit = Submit the request
request-submitted = Submitted
request-requester = Requester
request-title = Consultation request
request-ack-by = Acknowledge by
request-meet-by = Meet by
request-history = Steps
request-staff-steps = Staff steps
request-acknowledge = Acknowledge
request-decline = Decline
request-close = Close
request-withdraw = Withdraw the request
request-convene = Convene the meeting
request-proposed-format = Proposed format:
request-suggested = neighbours you might add:
request-meeting-link = The meeting convened

## search
nav-search = Search
search-title = Search
search-lead = Meetings, agenda items, statements, documents, summary records, decisions, follow-up actions and consultation requests you may open. English and French words match their other forms; accents are optional; put "phrases in quotes".
search-label = Search for
search-submit = Search
search-total = Items found:
search-none = Nothing you may open matches these words.
search-next = Next results
search-kind-meeting = Meeting
search-kind-agenda_item = Agenda item
search-kind-statement = Statement
search-kind-document = Document
search-kind-record = Summary record
search-kind-decision = Decision
search-kind-action = Follow-up action
search-kind-request = Consultation request

## Cooperation: the menu, activities, seat requests, allocations
nav-activities = Cooperation
any = Any
filter = Filter
facets = Refine
export-csv = Export (CSV)
next-page = Next page
history = History
activities-title = Cooperation menu
seat-nominee-completed = { $name } (completed: { $list })
after-link = After the activity: attendance, feedback and report
after-title = After the activity
after-attendance = Attendance
after-no-participants = No participant of yours holds a seat in this activity (participants are the nominees the published allocation placed).
after-participant = Participant
after-attended = Attended
after-completed = Completed
after-yes = Yes
after-no = No
after-record = Record attendance
after-record-hint = Every participant listed is recorded as ticked; completion counts for the prerequisites of later activities.
after-feedback = Feedback
after-means = Mean of { $count } { $count ->
    [one] nation's feedback:
   *[other] nations' feedback:
}
after-relevance = Relevance
after-quality = Quality
after-organisation = Organisation
after-comment = Comment
after-given = Given
after-no-feedback = No feedback you may read has been given.
after-feedback-hint = Your delegation's feedback (1 = poor, 5 = excellent) is read by the alliance staff, the provider and your delegation only. Giving it again replaces it.
after-give = Give feedback
after-report = After-action report
after-no-report = The provider has not written the after-action report yet.
after-report-write = The provider's after-action report
after-report-save = Save the report
activities-lead = Courses, exercises, workshops and other activities offered to partners, by area of cooperation. Each partner builds its own programme from them.
activities-count = { $count ->
    [0] No activity matches
    [one] One activity matches
   *[other] { $count } activities match
}
activity-one = Activity
activity-propose = Propose an activity
activity-propose-lead = Allies, partner institutions and the alliance staff propose activities; the staff approve them for the menu or return them with a reason.
activity-search = Words
activity-area = Area of cooperation
activity-kind = Type
activity-from = From
activity-to = To
activity-language = Working languages
activity-provider = Provider
activity-open-to-me = Open to my nation
activity-dates = Dates
activity-place = Place
activity-seats = Seats
activity-deadline = Nomination deadline
activity-online = Online
activity-code = Code
activity-title-en = Title in English
activity-title-fr = Title in French
activity-aim-en = Aim in English
activity-aim-fr = Aim in French
activity-institution = Running institution
activity-institution-hint = Leave empty when your nation runs it; the staff always name the institution.
activity-start = First day
activity-end = Last day
activity-location-hint = Leave empty for an online activity.
activity-nation-cap = Most seats per nation
activity-frameworks = Open to the partners of
activity-frameworks-hint = Framework codes, separated by commas; empty for every active partner. Allies may always take part.
activity-prerequisites = Prerequisites
activity-fee = Fee
activity-no-fee = None
activity-submit = Submit the proposal
activity-eligibility = Your nation
activity-eligible = may take part.
activity-not-eligible-framework = may not take part: on the first day it is in none of the frameworks the activity is open to
activity-not-eligible-prerequisite = may not take part yet: a prerequisite activity has not been completed
activity-open-to-all = Every active partner
activity-steps = Steps
activity-approve = Approve and publish
activity-complete = Mark completed
activity-reason = Reason
activity-return = Return to the proposer
activity-cancel = Cancel the activity
activity-kind-course = Course
activity-kind-exercise = Exercise
activity-kind-workshop = Workshop
activity-kind-conference = Conference
activity-kind-seminar = Seminar
activity-kind-expert_visit = Expert visit
activity-status-proposed = Proposed
activity-status-returned = Returned
activity-status-published = Published
activity-status-cancelled = Cancelled
activity-status-completed = Completed
seat-request-title = Request seats
seat-request-seats = Seats
seat-request-priority = Priority
seat-request-priority-hint = 1 for the activity your nation wants most; the allocation respects your order.
seat-request-nominees = Nominees
seat-request-nominees-hint = One name per line, in order; names after the number of seats are reserves.
seat-request-submit = Request the seats
seat-request-withdraw = Withdraw
seat-requests-title = Seat requests
seat-request-status-submitted = Submitted
seat-request-status-withdrawn = Withdrawn
allocations-title = Seat allocations
allocations-lead = Seats are shared by a fair rule: as many seats filled as possible, then the most equal numbers of seats between nations, then each nation's own priorities. Every answer is explained.
allocation-run-hint = Allocates every published activity whose nomination deadline has passed and that no published allocation covers yet. The result is a draft to review before it is published.
allocation-seed = Lottery seed (ties between nations)
allocation-run = Run the allocation
allocation-default-title = Allocation of
allocation-created = Computed
allocation-granted = Seats given
allocation-publish = Publish
allocation-discard = Discard the draft
allocation-report = Fairness report
allocation-baselines = What other rules would have given
allocation-mechanism = Rule
allocation-mechanism-primary = Fair rule (leximin: the worst-served nation first)
allocation-mechanism-fcfs = First come, first served
allocation-mechanism-draft = Snake draft
allocation-mechanism-utilitarian = Most seats, no fairness term
allocation-report-seats-offered = Seats offered
allocation-report-seats-filled = Seats filled
allocation-report-seats-empty = Seats left empty
allocation-report-seats-wasted = Seats wasted
allocation-report-min-fulfilment = Lowest share of a request met
allocation-report-smallest-states-fulfilment = Share met for the ten smallest states
allocation-report-gini-seats = Gini coefficient of seats
allocation-report-ef1-violations = Envy beyond one seat
allocation-lottery = Lottery order
allocation-lines = Answers
allocation-placed = Nominees placed
allocation-why = Why
allocation-answer = Your answer
allocation-answer-help = Confirm the seats your nation holds, or give some back, by the date shown (and before the activity starts); seats neither confirmed nor given back by then are released. Seats given back go at once to the nations still waiting for the activity; no other seat moves, and the allocation is reissued as a new version.
allocation-confirm = Confirm the seats
allocation-decline = Give back
allocation-decline-seats = Seats to give back
allocation-confirmed-on = Confirmed on { $date }
allocation-unconfirmed = Not confirmed yet
allocation-declined-seats = { $seats } { $seats ->
    [one] seat
   *[other] seats
} given back
allocation-note-declined = { $date }: your nation gave back { $seats } { $seats ->
    [one] seat.
   *[other] seats.
}
allocation-note-offered = { $date }: { $seats } { $seats ->
    [one] seat given back by another nation was
   *[other] seats given back by another nation were
} offered to your nation. Seats given back go to the nations still waiting for this activity, the nation holding the fewest seats in this allocation first (yours held { $held }); ties go to the request's priority, then to the published lottery.
allocation-confirm-by = Confirm by { $date }
allocation-confirm-by-passed = Not confirmed by { $date }: the seats are released at the next pass
allocation-released-on = Released on { $date }: not confirmed by { $by }
allocation-answer-staff = Answer
allocation-confirm-by-field = Seats to be confirmed by
allocation-confirm-by-help = Optional. Left empty, each line's date is the earlier of two weeks after publication and a week before its activity starts, never before today. Seats neither confirmed nor given back by then are released and offered to the nations still waiting.
allocation-confirm-by-run = Staff's date to confirm by
allocation-note-released = { $date }: { $seats } { $seats ->
    [one] seat was
   *[other] seats were
} released, as your nation neither confirmed nor gave them back by { $by }.
allocation-note-offered-released = { $date }: { $seats } { $seats ->
    [one] seat another nation did not confirm in time was
   *[other] seats another nation did not confirm in time were
} offered to your nation. Freed seats go to the nations still waiting for this activity, the nation holding the fewest seats in this allocation first (yours held { $held }); ties go to the request's priority, then to the published lottery.
allocation-status-draft = Draft
allocation-status-published = Published
allocation-status-superseded = Superseded
allocation-status-discarded = Discarded

## Evaluation
nav-evaluation = Evaluation
eval-title = Evaluation
eval-lead = Does the partnership network work? The founding questions, answered from what the forum, the cooperation area and the registry record. Each figure states what it says and its caveat, how it is computed, and the exact numbers behind it.
eval-view-rule = Delegations see figures over all nations only when at least five nations are in them, and their own nation's line; staff see every nation.
eval-from = From (year)
eval-to = To (year)
eval-computed-at = Computed from the recorded data at
eval-figure = Figure
eval-no-rows = No figures for this period.
eval-how = How this is computed
eval-export-json = JSON
eval-not-computed-lead = This question is not answered yet: the data it needs is not recorded, or its indicators are not computed yet.
eval-period-invalid = The period must be two years from 1994 onwards, the first not after the second. The figures below cover every year of the record.
eval-no-data = No data recorded yet for this period.
eval-status-computed = Answered from recorded data
eval-status-waits-warning = Waits on joint detection (shared reports and alerts are not recorded in the product yet)
eval-status-not-yet = Data recorded, indicators not computed yet
eval-withheld-small = Figures over fewer than { $min } nations are not shown to delegations.
eval-withheld-lines = { $count ->
    [one] One other nation's line is not shown.
   *[other] { $count } other nations' lines are not shown.
}
eval-q1-title = Q1. Is there a real forum where members and partners consult?
eval-q2-title = Q2. Does cooperation lead to joint detection of new challenges?
eval-q3-title = Q3. Is each partner's programme tailored to its needs?
eval-q4-title = Q4. Do the partnerships serve conflict prevention?
eval-q5-title = Q5. Is security served by a wide network?
eval-q6-title = Q6. Are small states treated equally, or does the stronger prevail?
eval-q7-title = Q7. Is regional cooperation supported?
eval-q8-title = Q8. Do states keep their interest and trust in these partnerships?
eval-q1-meetings-title = Meetings per year, by format
eval-q1-meetings-definition = Meetings you may see whose start falls in the period, not cancelled, counted by the year of their start and the shape of their format: all allies alone, allies with named partners, a whole framework, or partners across frameworks.
eval-q1-meetings-sentence = From { $from } to { $to }, { $count } meetings were recorded; { $partners } of them ({ $share }) seated partners. The count covers the meetings recorded in the product, not every meeting the alliance held.
eval-q1-requests-title = Consultation requests per year, by basis
eval-q1-requests-definition = Consultation requests you may see, counted by the year they were filed and their basis: paragraph 8 of the Partnership for Peace Framework Document, Article 4 of the Treaty, or another basis.
eval-q1-requests-sentence = { $count } consultation requests were filed in the period, { $paragraph8 } of them under paragraph 8. A request that was not filed in the product is not counted.
eval-q1-response-title = Response times against the targets
eval-q1-response-definition = For each request: hours from filing to acknowledgement, and from filing to the start of the meeting held for it; median and 90th percentile (nearest rank) over the requests where the step happened, and the share within the configured target.
eval-q1-response-sentence = Over { $count } acknowledged requests, the median time to acknowledgement was { $median } hours (90th percentile { $p90 } hours) against a target of { $target } hours. Requests still waiting are not in these figures.
eval-q5-partners-title = Active partners per framework, by year
eval-q5-partners-definition = From the registry's history: the partner states and organisations whose membership of each framework covers 31 December of the year (today for this year). A partner in two frameworks counts in both.
eval-q5-partners-sentence = The network had { $first } partnerships in { $from } and { $last } in { $to }, across { $frameworks } frameworks. A partnership counts once a state joins, whatever its activity.
eval-q5-path-title = The path from partnership to membership
eval-q5-path-definition = From the registry: for every ally whose first partnership (as a partner state) began before its accession, the years from joining to accession; for aspirants (partners the registry marks as aspirants), the years in partnership so far.
eval-q5-path-sentence = { $count } allies were partners first; the median path from partnership to membership took { $median } years (from { $min } to { $max }). { $aspirants } aspirants are on the path. Partnership preceding membership does not show that it caused it.
eval-q6-terciles-title = Seat fulfilment by state size
eval-q6-terciles-definition = Over every published seat allocation of activities starting in the period: for each state that asked for seats, seats granted over seats asked; states split into three equal groups by population (registry sizes); per group the mean of the states' fulfilment and the pooled fulfilment (all seats granted over all seats asked). Organisations have no population and are left out.
eval-q6-terciles-sentence = From { $from } to { $to }, over { $nations } states, the smallest third received { $small } of the seats they asked for and the largest third { $large } (Gini across states { $gini }). A permutation test of "no difference between the thirds" gives p = { $p }, effect size η² = { $eta }: { $verdict } It describes the allocations recorded, not why they differ; with few states the test is weak.
eval-q6-verdict-difference = a difference this large is unlikely to be chance.
eval-q6-verdict-none = the data do not show a difference beyond chance.
eval-q6-verdict-untested = too few states to test.
eval-q6-test-title = Inequality and the test of no difference
eval-q6-test-definition = Gini coefficient of the states' fulfilment (0 = equal). Permutation test: the between-group sum of squares of the states' fulfilment across the three size groups, compared with 2,000 random reassignments of the groups (fixed seed, so the figure repeats); p is the share of reassignments at least as extreme; η² is the between-group share of the variance.
eval-q6-test-sentence = The test asks whether the size groups differ more than random groups of the same sizes would; it cannot tell whether a difference comes from size or from what states asked for.
eval-q6-nations-title = Each state's fulfilment
eval-q6-nations-definition = For each state: seats asked and granted in the published allocations of the period, its population and size group.
eval-q6-nations-sentence = { $left ->
    [0] Every state that asked for seats has a population in the registry.
    [one] One requesting organisation has no population and is left out.
   *[other] { $left } requesting organisations have no population and are left out.
}
eval-tercile-1 = Smallest third
eval-tercile-2 = Middle third
eval-tercile-3 = Largest third
eval-path-acceded = Acceded
eval-path-aspirant = Aspirant
eval-col-year = Year
eval-col-all_allies = All allies
eval-col-allies_plus = Allies + partners
eval-col-framework = Framework
eval-col-across_frameworks = Across frameworks
eval-col-total = Total
eval-col-paragraph8 = Paragraph 8
eval-col-article4 = Article 4
eval-col-other = Other basis
eval-col-interval = Interval
eval-col-requests = Requests
eval-col-median_hours = Median (hours)
eval-col-p90_hours = 90th percentile (hours)
eval-col-target_hours = Target (hours)
eval-col-within_target = Within target
eval-col-request_to_ack = Filing → acknowledgement
eval-col-request_to_meeting = Filing → meeting
eval-col-active_partners = Active partners
eval-col-nation = Code
eval-col-name = Nation
eval-col-first_framework = First framework
eval-col-partner_since = Partner since
eval-col-member_since = Ally since
eval-col-years = Years
eval-col-status = Status
eval-col-tercile = Size group
eval-col-nations = States
eval-col-population_min = Smallest (M inhabitants)
eval-col-population_max = Largest (M inhabitants)
eval-col-asked = Seats asked
eval-col-granted = Seats granted
eval-col-mean_fulfilment = Mean fulfilment
eval-col-pooled_fulfilment = Pooled fulfilment
eval-col-measure = Measure
eval-col-value = Value
eval-col-population_millions = Population (M)
eval-col-fulfilment = Fulfilment
eval-col-gini = Gini coefficient
eval-col-statistic = Test statistic
eval-col-p_value = p-value
eval-col-effect_size_eta_squared = Effect size (η²)
eval-col-rounds = Permutations
eval-col-seed = Seed
eval-q6-by-year-title = Seat fulfilment by state size, year by year
eval-q6-by-year-definition = For each year (the start year of the activities) and each size group fixed over the whole period: all seats granted over all seats asked by the group's states that year. The rule is the mechanism of that year's published allocations, as each allocation records it.
eval-q6-by-year-sentence = { $years ->
    [one] One year of published allocations is recorded; a trend needs more.
   *[other] { $years } years of published allocations: compare the thirds year by year, as the mechanism or the demand changed.
}
eval-q6-by-year-compare = { $years } years of published allocations. In { $first } ({ $first_rule }) the smallest third received { $first_small } of the seats it asked for and the largest third { $first_large }; in { $second } ({ $second_rule }), { $second_small } and { $second_large }. The rule is not all that changed between the years: the activities, the seats and the demand did too.
eval-col-rule = Rule
eval-rule-primary = the fair rule
eval-rule-fcfs = first come, first served
eval-rule-draft = snake draft
eval-rule-utilitarian = most seats, no fairness term
eval-col-tercile_1 = Smallest third
eval-col-tercile_2 = Middle third
eval-col-tercile_3 = Largest third
eval-q6-mean = Mean of the states' values
eval-q6-few = { $nations ->
    [one] One state has a value in the period: too few to compare the size thirds.
   *[other] { $nations } states have a value in the period: too few to compare the smallest and the largest third.
}
eval-q6-response-title = Days to acknowledge a consultation request, by state size
eval-q6-response-definition = Consultation requests filed in the period: for each requesting state, the median (nearest rank) of the days from filing to the staff's acknowledgement over its acknowledged requests; states split into three equal groups by population (registry sizes) among the states with a value; per group the mean and the median of the states' medians; a permutation test of no difference between the groups (2,000 reassignments, fixed seed). Requests still waiting are not counted; organisations have no population and are left out. Rows without a code are the groups; rows with a code are states.
eval-q6-response-sentence = From { $from } to { $to }, over { $nations } requesting states, the smallest third's typical request was acknowledged in { $small } days and the largest third's in { $large } days (medians of the states' medians). Permutation test: p = { $p }, η² = { $eta }: { $verdict } Requests still waiting are left out, so a slow answer not yet given does not count.
eval-q6-agenda-title = Agenda items accepted, by state size
eval-q6-agenda-definition = Agenda items a nation proposed, in meetings of the period: for each proposing state, its accepted items over its decided items (accepted or rejected; items still proposed or withdrawn by their proposer are not decided); states split into three equal groups by population among the states with a value; per group the mean and the median of the states' shares; a permutation test of no difference between the groups (2,000 reassignments, fixed seed). Items proposed by the staff are left out. Rows without a code are the groups; rows with a code are states.
eval-q6-agenda-sentence = From { $from } to { $to }, over { $nations } proposing states, the smallest third's typical state saw { $small } of its decided agenda items accepted and the largest third's { $large } (medians). Permutation test: p = { $p }, η² = { $eta }: { $verdict } What was proposed differs from state to state; the share does not say whether a proposal deserved acceptance.
eval-q6-voice-title = Share of voice in meetings, by state size
eval-q6-voice-definition = Held meetings of the period and the national statements made in them (papers of kind statement, not withdrawn). In a meeting whose format seated N nations (resolved on its day) and where the seated nations made S statements, an equal share is S / N for each seated nation. For each state: the statements it made over the sum of its equal shares, over the meetings it sat in where anyone spoke (1 = as much as an equal share of the seats, 0 = never spoke). States split into three equal groups by population among the states with a value; per group the mean and the median; a permutation test of no difference (2,000 reassignments, fixed seed). Spoken interventions are not recorded: only written statements count. Rows without a code are the groups; rows with a code are states.
eval-q6-voice-sentence = From { $from } to { $to }, over { $nations } states seated in meetings where statements were made, the smallest third's typical share of voice was { $small } and the largest third's { $large } (1 = an equal share of the seats; medians). Permutation test: p = { $p }, η² = { $eta }: { $verdict } Only written national statements are recorded, not what was said in the room.
eval-q6-reports-title = Security reports verified, by state size
eval-q6-reports-definition = Security-challenge reports a nation filed in the period: for each reporting state, its verified reports over its triaged reports (verified, not verified, duplicate or dismissed; reports new or under review are not triaged); states split into three equal groups by population among the states with a value; per group the mean and the median of the states' shares; a permutation test of no difference between the groups (2,000 reassignments, fixed seed). Rows without a code are the groups; rows with a code are states.
eval-q6-reports-sentence = From { $from } to { $to }, over { $nations } reporting states, the smallest third's typical state saw { $small } of its triaged reports verified and the largest third's { $large } (medians). Permutation test: p = { $p }, η² = { $eta }: { $verdict } A report's chance of verification depends on its sources and subject, not only on who filed it.
eval-q6-tests-title = The tests of no difference, measure by measure
eval-q6-tests-definition = For seat fulfilment and each measure above: the states with a value, the between-group sum of squares of their values across the three size groups, its permutation p-value (2,000 random reassignments of the groups, fixed seed, so the figure repeats) and the effect size η² (the between-group share of the variance). A measure with fewer than three states, or a single group, is not tested.
eval-q6-tests-sentence = { $shown } measures have values and { $tested } could be tested; { $differ } { $differ ->
        [one] shows
       *[other] show
    } a difference between the size groups unlikely to be chance (p < 0.05). Each test is read on its own: over { $tested } tests at the 5% level, the chance of at least one such finding by chance alone is { $chance }.
eval-q6-envy-title = Envy between states in seat allocations, by size
eval-q6-envy-definition = In each published allocation (lines of activities starting in the period), nation i envies nation k when i was granted fewer seats than it asked for and k's seats in the activities i asked for, each counted up to what i asked there, exceed the seats i was granted — the fairness report's notion of envy with the seats asked in place of the usable ones (national caps are not recorded with the lines). Pairs are counted by the size group (of seat fulfilment) of the nation that envies and of the nation envied; possible pairs are the ordered pairs of distinct states that both asked for seats in the same allocation; the rate is pairs over possible pairs. Organisations have no size group and are left out.
eval-q6-envy-sentence = In the published allocations of { $from } to { $to }, { $pairs } envy pairs were found among { $possible } possible pairs of states: the smallest third envied the largest third in { $small } pairs ({ $small_rate } of possible) and the largest envied the smallest in { $large } ({ $large_rate }). Envy compares the seats asked with the seats others hold; it ignores eligibility and national caps, so it can overstate what a state could have had.
eval-q6-envy-few = { $pairs ->
    [one] One envy pair was found; too few states are in the allocations of the period to compare the size thirds.
   *[other] { $pairs } envy pairs were found; too few states are in the allocations of the period to compare the size thirds.
}
eval-q6-envy-series = Envying: { $third }
eval-size = Size groups by
eval-size-population = Population
eval-size-gdp = GDP
eval-size-invalid = The size measure must be population or GDP. The figures below form the size groups by population.
eval-q6-size-population = Size groups are formed by population.
eval-q6-size-gdp = Size groups are formed by GDP (billions of US dollars), not by population.
eval-q6-size-gdp-definition = Here the states are split by GDP (billions of current US dollars, the registry's sizes) in place of population.
eval-col-gdp_min = Smallest (GDP, bn USD)
eval-col-gdp_max = Largest (GDP, bn USD)
eval-col-gdp_usd_billions = GDP (bn USD)
eval-col-mean = Mean
eval-q6-trend-sentence = From { $first } to { $last }, within the period's size groups, the smallest third's median was { $small_same ->
        [yes] { $small_from } in { $small_from_year }, its only year with a value
       *[no] { $small_from } in { $small_from_year } and { $small_to } in { $small_to_year }
    }; the largest third's was { $large_same ->
        [yes] { $large_from } in { $large_from_year }, its only year with a value
       *[no] { $large_from } in { $large_from_year } and { $large_to } in { $large_to_year }
    }. Each year counts only the states with a value that year, so a year with few states says little.
eval-q6-trend-sentence-one = Only { $small_from_year } has values for both the smallest and the largest third: the smallest third's median was { $small_from } and the largest third's { $large_from }. A trend needs more years.
eval-q6-trend-few = { $years ->
    [one] One year has values, but not for both the smallest and the largest third: too few to follow them year by year.
   *[other] { $years } years have values, but not for both the smallest and the largest third: too few to follow them year by year.
}
eval-q6-response-by-year-title = Days to acknowledge a consultation request, by state size, year by year
eval-q6-response-by-year-definition = For each year (the year filed) and each size group fixed over the whole period: the requesting states with a request filed that year and acknowledged, the acknowledged requests counted, and the mean and the median (nearest rank) of the states' median days to acknowledgement that year.
eval-q6-agenda-by-year-title = Agenda items accepted, by state size, year by year
eval-q6-agenda-by-year-definition = For each year (the year of the meeting) and each size group fixed over the whole period: the proposing states with a decided item that year, the decided items counted, and the mean and the median of the states' shares of items accepted that year.
eval-q6-voice-by-year-title = Share of voice in meetings, by state size, year by year
eval-q6-voice-by-year-definition = For each year (the year of the meeting) and each size group fixed over the whole period: the states seated in that year's meetings where statements were made, the statements counted, and the mean and the median of the states' share of voice over that year's meetings (1 = an equal share of the seats).
eval-q6-reports-by-year-title = Security reports verified, by state size, year by year
eval-q6-reports-by-year-definition = For each year (the year filed) and each size group fixed over the whole period: the reporting states with a triaged report filed that year, the triaged reports counted, and the mean and the median of the states' shares of reports verified that year.
eval-q6-tests-by-year-title = The tests of no difference, year by year
eval-q6-tests-by-year-definition = For each year, for seat fulfilment and each measure: the same permutation test as over the whole period (2,000 random reassignments; seed: the period's plus the year) over the states' values of that year, within the size groups fixed over the whole period. A year with fewer than three states, or a single group, is not tested. The chart draws each year's effect size η².
eval-q6-tests-by-year-sentence = Years with values: { $years }; tests run: { $tested }, of which { $differ } { $differ ->
        [one] shows
       *[other] show
    } a difference between the size groups unlikely to be chance (p < 0.05). A year holds fewer states than the period, so its test is weaker; over { $tested } tests at the 5% level, the chance of at least one such finding by chance alone is { $chance }.
eval-q6-envy-by-year-title = Envy between states in seat allocations, by size, year by year
eval-q6-envy-by-year-definition = For each year (the start year of the activities: an allocation counts in a year over its lines of that year's activities) and each size group of seat fulfilment: the group's states that asked for seats, the envy pairs in which one of them envies another state (of any group), the possible pairs (ordered pairs of distinct states that both asked for seats in the same allocation, the first of this group) and the rate, pairs over possible pairs.
eval-q6-envy-by-year-sentence = From { $first } to { $last }, the smallest third envied another state in { $small_same ->
        [yes] { $small_from } of its possible pairs in { $small_from_year }, its only year with allocations
       *[no] { $small_from } of its possible pairs in { $small_from_year } and { $small_to } in { $small_to_year }
    }; the largest third in { $large_same ->
        [yes] { $large_from } in { $large_from_year }, its only year with allocations
       *[no] { $large_from } in { $large_from_year } and { $large_to } in { $large_to_year }
    }. Envy ignores eligibility and national caps, so it can overstate what a state could have had.
eval-q6-envy-by-year-sentence-one = Only { $small_from_year } has allocations for both the smallest and the largest third: the smallest third envied another state in { $small_from } of its possible pairs and the largest third in { $large_from }. A trend needs more years.
eval-q6-envy-by-year-series = { $third }, envying
eval-col-counted = Items counted
eval-col-median = Median
eval-col-response_days = Days to acknowledgement
eval-col-agenda_accepted = Agenda items accepted
eval-col-voice = Share of voice
eval-col-reports_verified = Reports verified
eval-col-envier = Envying third
eval-col-envied = Envied third
eval-col-pairs = Envy pairs
eval-col-possible = Possible pairs
eval-report-title = Evaluation report
eval-report-registry = registry as of
eval-report-figures = { $count ->
    [one] one figure
   *[other] { $count } figures
}
eval-report-link = Printable report
eval-q8-engagement-title = Partner states taking part, by year
eval-q8-engagement-definition = Each year: the partner states active in a framework on 31 December (today for this year), and how many of them asked for seats in an activity starting that year, sat in a meeting held that year (the meeting's format, resolved on its day, seated them), or filed a consultation request; a partner whose engagement lapsed took part the year before but not this year. The trend starts at the first year anything was recorded. Partner organisations are left out.
eval-q8-engagement-sentence = In { $year }, { $engaged } of { $eligible } eligible partner states ({ $share }) took part: { $seats } asked for seats, { $meetings } sat in a held meeting, { $filed } filed a consultation request; { $lapsed } that took part the year before did not. A seat in a meeting's format counts as taking part: attendance is not recorded yet.
eval-q8-partners-title = Each partner's engagement
eval-q8-partners-definition = For each partner state over the years shown: the years it was eligible, the years it took part, the last year it took part and the years its engagement lapsed.
eval-q8-partners-sentence = { $never ->
    [0] Every eligible partner state took part at least once.
    [one] One eligible partner state never took part in the years shown.
   *[other] { $never } eligible partner states never took part in the years shown.
}
eval-col-eligible = Eligible partners
eval-col-requested_seats = Asked for seats
eval-col-sat_in_meetings = Sat in a meeting
eval-col-filed_requests = Filed a request
eval-col-engaged = Took part
eval-col-share = Share
eval-col-lapsed = Lapsed
eval-col-eligible_years = Years eligible
eval-col-engaged_years = Years taking part
eval-col-last_engaged = Last took part
eval-col-lapses = Lapsed in
eval-q7-groups-title = Ties inside and across regional groupings
eval-q7-groups-definition = Two nations are tied when they were granted seats in the same activity of a published allocation, or were seated by the format of the same held meeting, in the period. For each regional grouping or organisation of the registry, over its members present in at least one such occasion: tied pairs among members over possible pairs (inside), and tied pairs between a member and any other nation present over possible such pairs (across); members with no tie to another member are counted as isolated.
eval-q7-groups-sentence = { $denser } of { $groups } groupings are more densely tied inside than across; over the { $nations } nations present, { $density } of the possible pairs are tied. A tie says two nations sat together, not that they cooperated with each other.
eval-q7-network-title = Who sits with whom
eval-q7-network-definition = The co-participation network drawn on a circle, nations ordered by grouping: a line joins two nations that sat together, thicker the more occasions they shared. Only the strongest ties are drawn (at most 150); the table lists them.
eval-q7-network-sentence = { $ties } pairs of nations sat together in the period ({ $drawn } strongest drawn); the strongest tie is { $a } with { $b }, { $weight } occasions.
eval-q7-network-staff = The network names pairs of nations: it is shown to alliance staff only.
eval-col-grouping = Grouping
eval-col-members_present = Members present
eval-col-inside = Density inside
eval-col-across = Density across
eval-col-isolated = Isolated members
eval-col-isolated_nations = Isolated
eval-col-nation_a = Nation
eval-col-nation_b = With
eval-col-occasions = Occasions together
eval-col-grouping_name = Name

## joint detection: alerts
nav-alerts = Alerts
alerts-title = Security-challenge alerts
alerts-lead = Surges the detectors found in imported event data (ACLED, GDELT, UCDP), per country or province and challenge category, in complete ISO weeks. Alerts built from open data are visible to every signed-in account.
alerts-detect = Run detection now
alerts-detected = Detection ran: { $count } alerts in the last complete week, { $new } of them new.
alerts-count = { $count ->
    [one] One alert matches.
   *[other] { $count } alerts match.
}
alerts-none = No alert matches.
alerts-open-count = { $count ->
    [one] one open alert
   *[other] { $count } open alerts
}
alerts-map-title = Open alerts by country
alerts-map-desc = { $count ->
    [0] No country has an open alert.
    [one] One country has open alerts; darker means more.
   *[other] { $count } countries have open alerts; darker means more.
}
alerts-map-caption = Darker countries have more open alerts; select a country to list them. Small states are drawn as dots. Natural Earth boundaries (public domain).
alert-title = Alert
alert-country = Country (ISO3)
alert-category = Category
alert-region = Region
alert-framework = Framework
alert-country-level = Whole countries only
alert-week = Week
alert-place = Place
alert-detector = Detector
alert-observed = Observed
alert-expected = Expected
alert-score = Score
alert-threshold = Threshold
alert-fatalities = Fatalities
alert-events = Events
alert-state-open = Open (new or acknowledged)
alert-state-new = New
alert-state-acknowledged = Acknowledged
alert-state-escalated = Escalated to a consultation
alert-state-dismissed = Dismissed
alert-layer-curated = curated data
alert-layer-media = media-coded events
alert-basis-open = built from open data only
alert-reason = Reason:
alert-chart-title = Weekly events in this cell
alert-chart-counts = events per week
alert-chart-alerted = week alerted on
alert-chart-expected = expected, with the range a Poisson count stays in about 95 % of weeks
alert-chart-caption = Bars: events per ISO week over the last 26 weeks; dashed line: the level the detector expected; shaded: expected ± 2√expected.
alert-series-table = The weekly numbers
alert-top-events = Main contributing events
alert-date = Date
alert-source = Source
alert-event-type = Event type
alert-provenance = Provenance
alert-also = also reported by
alert-actions = What you can do
alert-action-acknowledge = Acknowledge
alert-action-dismiss = Dismiss
alert-action-reopen = Reopen

## joint detection: shared reports
reports-title = Shared security-challenge reports
reports-lead = Reports any delegation or the staff share on a security challenge. The staff triage them; a verified report counts in detection, and an alert built on reports is shown only to those who may see every report it counts.
reports-none = No report to show.
reports-link = Shared reports
report-title = Report
report-file = File a report
report-intro = Describe what you observed. Choose who may read it: the staff always do, and your delegation sees its own reports.
report-occurred = Date
report-until = Until (for a period)
report-admin1 = Province or region (admin1)
report-description = What happened
report-sources = Sources (links or text)
report-submit = File the report
report-author = Filed by
report-by-staff = Alliance staff
report-triage = Triage
report-step-review = Take under review
report-step-verify = Verify
report-step-not_verified = Not verified
report-step-duplicate = Duplicate (say of what)
report-step-dismiss = Dismiss
report-documents = Documents
report-no-documents = No document is attached to this report.
report-add-document = Attach a document (evidence, photographs, a source's text)
report-document-hint = PDF, Word, Excel, PowerPoint, OpenDocument text, PNG, JPEG, plain text or CSV; at most 20 MB; up to 10 documents, while the report is open. Whoever may read the report may read its documents.
report-attach = Attach
alert-basis-reports = counts shared reports
alert-reports-counted = Shared reports this alert counts
alert-report-fused = Describes an incident the imported data hold already, counted once:
alert-fusion-confidence = fusion confidence
alert-report-new-incident = An incident no imported record describes: it adds one event to the counts.
alert-consult = Propose consultations
alert-consult-staff-hint = Drafts a meeting in the format of the nations concerned — the allies, the affected nation when it is a partner, and its regional partners — one week from today, to be adjusted and convened from the meeting page.
alert-consult-staff = Draft a meeting
alert-consult-nation-hint = Files a consultation request of your delegation with this alert linked; the staff acknowledge it and convene the meeting.
alert-consult-nation = File a consultation request
alert-consult-request = Consultations proposed in request
alert-consult-meeting = Consultations proposed in meeting
request-from-alerts = Raised from alert
calibration-title = Detector calibration
calibration-lead = How each detector behaved on synthetic series with and without an injected surge ({ $series } series per regime: sparse, dense, seasonal, over-dispersed), and the thresholds in force. A higher threshold means fewer false alarms and later or fewer detections.
calibration-in-force = Thresholds in force
calibration-default = Calibrated default
calibration-range = Back-tested range
calibration-set = Set
calibration-set-by-staff = (set by staff)
calibration-save = Save
calibration-backtest = Back-test (pooled over the four regimes)
calibration-backtest-hint = False alarms per 100 series-years on series without a surge; probability of detecting a surge within its weeks; median delay in weeks among detected surges.
calibration-false-alarms = False alarms / 100 series-years
calibration-pod = Probability of detection
calibration-delay = Median delay (weeks)
calibration-link = Detector calibration
imports-link = Event-data imports
imports-title = Event-data imports
imports-lead = Files of open event data (ACLED, GDELT 1.0 and 2.0, UCDP GED) and of partner reports, imported into the database: each adds its daily counts, the events that contribute most per cell and week, and the incidents fused from curated sources. A file is imported in one transaction — if the server stops first, nothing of it is kept — and detection runs after it. The same file, or the same content compressed or renamed, is refused.
imports-started = { $file } was received and is being imported in the background; its progress is shown below.
imports-file = File (CSV, TSV, JSON, or one of them in a zip or gzip archive)
imports-file-hint = Up to { $mb } MiB. Larger files are imported on the server with the command entente events import.
imports-format = Format
imports-send = Import
imports-list = Imports
imports-none = No event data has been imported yet.
imports-refreshing = An import is running: this page refreshes every few seconds.
imports-progress = Progress
imports-col-file = File
imports-col-rows = Rows counted
imports-col-skipped = Rows skipped
imports-col-started = Started
imports-col-finished = Finished
import-format-auto = Recognise from the content
import-format-acled = ACLED
import-format-gdelt1 = GDELT 1.0 events
import-format-gdelt2 = GDELT 2.0 events
import-format-ucdp = UCDP GED
import-format-report = Partner reports
import-state-running = Running
import-state-done = Done
import-state-failed = Failed
eval-q2-alerts-title = Alerts, shared reports in them, and consultations proposed
eval-q2-alerts-definition = Each year (of the alerted week): the alerts the detectors raised that you may see; those whose counts include verified shared reports (a partner's or an ally's contribution to detection — such an alert is shown only to those who may see every report it counts); those on which consultations were proposed, and the median days from detection to that proposal.
eval-q2-alerts-sentence = { $alerts } alerts were raised in the period; { $with } of them ({ $share }) counted shared reports, and consultations were proposed on { $escalated }. Alerts come from the event data imported and the reports verified: a quiet record may mean little data, not little trouble.
eval-q2-reports-title = Shared reports by category
eval-q2-reports-definition = Security-challenge reports filed in the product that you may see (your delegation's own, those released to you; all for staff), by the year they describe and category, and how many the staff verified.
eval-q2-reports-sentence = { $reports } reports were shared in the period; the staff verified { $verified }.
eval-q1-agenda-title = Who sets the agenda: items proposed by partners
eval-q1-agenda-definition = Each year (of the meeting): the agenda items you may see in the meetings you may see, those proposed by a partner's delegation (a nation that is not an ally on the meeting's day; the staff's and the allies' items are the others), their share, and how many of all items and of the partners' were accepted onto the agenda.
eval-q1-agenda-sentence = { $items } agenda items were proposed in the period; partners proposed { $partners } of them ({ $share }), and { $accepted } of the partners' were accepted. Items are counted only where they were proposed in the product: a forum that takes requests by other channels shows fewer.
eval-col-items = Agenda items
eval-col-by_partners = Proposed by partners
eval-col-partner_share = Partners' share
eval-col-accepted = Accepted
eval-col-partners_accepted = Partners' items accepted
eval-q8-after-title = After the activities: attendance, completion and feedback
eval-q8-after-definition = Each year (of the activity's last day): the nations with participants recorded by the providers or feedback given, the participants placed and recorded, the share of them who attended and of those who completed, the feedback forms the delegations gave and the mean of each rating (1 = poor, 5 = excellent). Attendance is counted only where a provider recorded it; a delegation that gives no feedback is not counted as satisfied or not.
eval-q8-after-sentence = In { $year }, { $participants } participants from { $nations } nations were recorded: { $attended } attended and { $completed } of those completed; { $feedback } feedback forms rated the activities { $mean } out of 5 on average. Feedback comes from those who chose to give it, and providers record attendance unevenly.
eval-col-participants = Participants
eval-col-attended_share = Attended
eval-col-completed_share = Completed (of those who attended)
eval-col-feedback = Feedback forms
eval-col-relevance = Relevance
eval-col-quality = Quality
eval-col-organisation = Organisation
eval-q2-lead-title = Shared reports ahead of the open data
eval-q2-lead-definition = Each year (of the report): the verified shared reports you may see, and those that an alert raised on open data alone followed in the same country and challenge category — the alert's week starting in the report's week or up to eight weeks after it; the lead is the days from the report's date to the start of that week (0 when the open data showed the surge in the same week). A report the open data never caught up with may have warned of what the open data missed, or of nothing that grew.
eval-q2-lead-sentence = Of { $verified } verified reports, the open data showed a surge in the same country and category within { $window } weeks after { $followed }; the median lead of the reports was { $median } days. Only alerts you may see count, and the open data cover some countries better than others.
eval-col-followed = Followed by an open-data alert
eval-col-median_lead_days = Median lead (days)
eval-col-max_lead_days = Longest lead (days)
eval-q4-depth-title = Violent events by depth of partnership
eval-q4-depth-definition = Each year (of the ISO week): the events of armed conflict and of violence against civilians that the curated sources imported (ACLED, UCDP GED; media-coded GDELT events are left out) recorded in each country, at country level; countries grouped by their partnership with the Alliance on 1 July of that year, from the registry's history: allies, partners for ten years or more (in any partnership framework), partners for less, and countries outside the network. Per group: the countries with at least one event, their events and fatalities, and events per such country. Countries without events are not counted, and the sources cover some regions better than others.
eval-q4-depth-sentence = In { $year }, violent events per country with events: allies { $ally }, long-standing partners { $long }, newer partners { $partner }, countries outside the network { $outside }. This describes, it does not measure an effect: the groups differ in region, size and history, conflict shapes who becomes a partner as much as partnership shapes conflict, and the sources cover some countries better than others.
eval-col-depth = Partnership
eval-col-countries = Countries with events
eval-col-events = Events
eval-col-fatalities = Fatalities
eval-col-events_per_country = Events per country
eval-col-ally = Allies
eval-col-long_partner = Partners for 10 years or more
eval-col-partner = Partners for less than 10 years
eval-col-outside = Outside the network
eval-col-alerts = Alerts
eval-col-with_reports = With shared reports
eval-col-share_with_reports = Share with shared reports
eval-col-escalated = Consultations proposed
eval-col-median_days_to_consultation = Median days to consultations
eval-col-category = Category
eval-col-reports = Reports
eval-col-verified = Verified

## Programmes (ITPP)
nav-programmes = Programmes
programmes-title = Individually tailored partnership programmes
programmes-lead = Each partner's programme: its strategic objectives, the partnership goals that serve them, and the menu activities planned for each goal. The partner drafts it, the staff comment and propose changes, a staff administrator records agreement; each agreed version is kept.
programmes-none = No programme you may read yet.
programme-open = Open our programme
programme-partner = Partner
programme-objectives = Objectives
programme-goals = Goals
programme-agreed-version = Agreed version
programme-updated = Last change
programme-title = Partnership programme
programme-status-draft = Draft
programme-status-agreed = Agreed
programme-status-amended = Amended since agreement
programme-version = Version
programme-versions = Agreed versions
programme-agreed-on = Agreed on
programme-agree = Record agreement on this plan
programme-plan = Objectives, goals and activities
programme-empty = The plan is empty: add a strategic objective, then the partnership goals that serve it.
programme-objective = Objective
programme-goal = Goal
programme-edit-objective = Change this objective
programme-remove-objective = Remove this objective
programme-edit-goal = Change this goal or plan an activity
programme-remove-goal = Remove this goal
programme-add-objective = Add an objective
programme-add-goal = Add a partnership goal
programme-save = Save
programme-field-objective = objective
programme-field-area = area
programme-field-description = Description
programme-field-target = Target date
programme-field-indicator = Measurable indicator
programme-field-activities = activities
programme-supporting = Supporting activities
programme-no-activity = No activity planned yet.
programme-plan-activity = Activity of the menu in this area
programme-year = Year
programme-link = Plan this activity
programme-unlink = Remove
programme-assessment = Assessment
programme-assess = Assess a goal
programme-cycle = Cycle (year)
programme-rating = Rating
programme-evidence = Evidence
programme-rating-not_started = Not started
programme-rating-in_progress = In progress
programme-rating-largely_met = Largely met
programme-rating-met = Met
programme-side-partner = Self-assessment
programme-side-staff = Staff assessment
programme-comments = Comments and proposed changes
programme-comment = Comment
programme-comment-submit = Send
programme-proposal = Proposed change
programme-proposal-check = This is a proposed change
programme-changes = Changes from the version before
programme-changes-first = The first agreed version.
programme-change-objective-added = Objective added
programme-change-objective-removed = Objective removed
programme-change-objective-changed = Objective reworded
programme-change-goal-added = Goal added
programme-change-goal-removed = Goal removed
programme-change-goal-changed = Goal changed
seat-request-goal = Serves the goal
seat-request-goal-none = No goal of our programme
seat-request-goal-agreed = agreed goal

## Evaluation Q3
eval-q3-partners-title = Partners' programmes and the seats that serve them
eval-q3-partners-definition = For each partner whose programme (ITPP) was agreed at least once, over its latest agreed version: its partnership goals, those with at least one planned activity, those the staff assessed in a cycle up to the period's end and, of those, the ones whose latest staff assessment is "met"; the seats granted to it in published allocations of activities starting in the period, and those that serve its programme — the request named one of its agreed goals, or the activity is planned under one. The share is the second over the first.
eval-q3-partners-sentence = { $partners } partners have an agreed programme with { $goals } goals in all; { $with_activity } goals have a planned activity and the staff found { $met } met. { $share } of the seats granted to these partners served their programmes. A seat that serves a goal shows intent, not benefit: assessments say whether goals were met.
eval-q3-requests-title = Requests serving a goal, granted or not
eval-q3-requests-definition = The requests of partners with an agreed programme answered in published allocations of activities starting in the period: those that serve the programme (as above) and the others, how many were granted at least one seat, and the rate.
eval-q3-requests-sentence = Of { $serving } requests serving a programme goal, { $serving_rate } were granted at least one seat; of { $other } other requests, { $other_rate }. The allocation ranks a nation's requests that serve an agreed goal first among its own, so a higher rate is expected by design; it does not compare nations.
eval-col-goals = Goals
eval-col-goals_with_activity = With a planned activity
eval-col-goals_assessed = Assessed by the staff
eval-col-goals_met = Met
eval-col-seats_serving = Seats serving the programme
eval-col-granted_any = Granted at least one seat
eval-col-rate = Rate
eval-col-serving_goal = Serving a programme goal
eval-col-not_serving_goal = Not serving a goal

## One-time notices after an action (post/redirect/get)
notice-saved = Done: your change is saved.
notice-signed-in = You are signed in.
notice-signed-out = You are signed out.

## The reader's own time zone (account page)
time-zone-heading = Time zone
time-zone-label = Show times also in
time-zone-utc-default = UTC (default)
time-zone-hint = A meeting's times are shown on its own clocks; when yours differ, they are shown beside.
time-zone-save = Save time zone
time-zone-unknown = “{ $zone }” is not a time zone of the tz database (for example Europe/Brussels).

# audit log in words
audit-who-nation = { $nation } delegation — { $name }
audit-who-staff = Alliance staff — { $name }
audit-who-system = Entente ({ $name })
audit-act-meeting-plan = planned the meeting
audit-act-meeting-convened = convened the meeting
audit-act-meeting-held = recorded the meeting as held
audit-act-meeting-record-under-silence = put the record under silence procedure
audit-act-meeting-closed = closed the meeting
audit-act-meeting-cancelled = cancelled the meeting
audit-act-meeting-amend = changed the meeting
audit-act-agenda-propose = proposed an agenda item
audit-act-agenda-accept = accepted an agenda item
audit-act-agenda-reject = rejected an agenda item
audit-act-agenda-withdraw = withdrew an agenda item
audit-act-agenda-amend = edited an agenda item
audit-act-paper-statement = added a national statement
audit-act-paper-amend = edited a statement
audit-act-paper-withdraw = withdrew a paper
audit-act-paper-upload = added a document
audit-act-paper-document = added a document
audit-act-record-draft = drafted the summary record
audit-act-record-circulate = circulated the summary record
audit-act-record-break = broke silence
audit-act-decision-record = recorded a decision
audit-act-decision-correct = corrected a decision
audit-act-decision-position = stated a position on a decision
audit-act-action-assign = assigned an action
audit-act-action-update = updated an action
audit-act-action-correct = corrected an action
audit-act-poll-open = opened a scheduling poll
audit-act-poll-vote = answered a scheduling poll
audit-act-poll-close = closed a scheduling poll
audit-act-request-file = requested consultations
audit-act-request-acknowledge = acknowledged a consultation request
audit-act-request-convene = convened a meeting for a request
audit-act-request-meeting-held = recorded the meeting for a request as held
audit-act-request-close = closed a consultation request
audit-act-request-decline = declined a consultation request
audit-act-request-withdraw = withdrew a consultation request
audit-act-activity-proposed = proposed an activity
audit-act-activity-published = published an activity
audit-act-activity-returned = returned an activity with a reason
audit-act-activity-resubmitted = submitted an activity again
audit-act-activity-cancelled = cancelled an activity
audit-act-activity-completed = recorded an activity as completed
audit-act-activity-attendance = recorded attendance
audit-act-activity-feedback = gave feedback on an activity
audit-act-activity-report = wrote an after-action report
audit-act-seat-request-submitted = requested seats
audit-act-seat-request-declined = declined the seats offered
audit-act-seat-request-confirmed = confirmed the seats offered
audit-act-seat-request-released = released seats not confirmed in time
audit-act-seat-request-withdrawn = withdrew a seat request
audit-act-allocation-drafted = ran a seat allocation
audit-act-allocation-published = published a seat allocation
audit-act-allocation-reissued = reissued a seat allocation
audit-act-programme-opened = opened a partnership programme
audit-act-programme-edited = edited a partnership programme
audit-act-programme-commented = commented on a partnership programme
audit-act-programme-change-proposed = proposed a change to a partnership programme
audit-act-programme-agreed = recorded agreement on a partnership programme
audit-act-programme-assessed = assessed a partnership programme
audit-act-report-filed = filed a security-challenge report
audit-act-report-under-review = took a report under review
audit-act-report-verified = verified a report
audit-act-report-not-verified = could not verify a report
audit-act-report-duplicate = marked a report as a duplicate
audit-act-report-dismissed = dismissed a report
audit-act-alerts-detected = ran detection
audit-act-alert-acknowledged = acknowledged an alert
audit-act-alert-escalated = escalated an alert to consultations
audit-act-alert-dismissed = dismissed an alert
audit-act-events-import-started = started an event import
audit-act-events-imported = imported events
audit-act-registry-nation-create = added a nation
audit-act-registry-nation-update = changed a nation
audit-act-registry-membership-create = recorded a membership
audit-act-registry-membership-update = changed a membership
audit-act-registry-membership-delete = removed a membership
audit-act-registry-size-update = updated a nation’s size
audit-act-registry-format-create = added a format
audit-act-registry-format-update = changed a format
audit-act-registry-grouping-create = added a regional grouping
audit-act-registry-grouping-update = changed a regional grouping
audit-act-contact-create = added a point of contact
audit-act-registry-membership-joined = recorded that a nation joined a framework
audit-act-registry-membership-suspended = recorded a suspended partnership
audit-act-registry-membership-left = recorded that a nation left a framework
audit-act-contact-update = changed a point of contact
audit-act-contact-delete = removed a point of contact
audit-act-account-create = created an account
audit-act-account-email = set an e-mail address
audit-act-account-password = changed a password
audit-act-account-role = changed a role
audit-act-account-disable = disabled an account
audit-act-account-enable = enabled an account
audit-act-account-time-zone = set a time zone
audit-act-account-totp-enrol = began two-step sign-in
audit-act-account-totp-enable = turned on two-step sign-in
audit-act-account-totp-disable = turned off two-step sign-in
audit-act-account-recovery-code-used = signed in with a recovery code
audit-act-auth-login = signed in
audit-act-auth-logout = signed out
audit-act-auth-login-failed = failed to sign in
audit-act-token-create = created an API token
audit-act-token-revoke = revoked an API token
audit-act-calendar-create = created a calendar feed
audit-act-calendar-replace = replaced a calendar feed
audit-act-calendar-revoke = revoked a calendar feed
audit-act-notify-send = sent notices
audit-act-notify-read = read a notice
audit-act-notify-read-all = read every notice
audit-act-audit-checkpoint = signed an audit checkpoint
audit-act-marking-create = created a marking
audit-obj-meeting = meeting { $id }
audit-obj-agenda-item = agenda item { $id }
audit-obj-paper = paper { $id }
audit-obj-summary-record = summary record of meeting { $id }
audit-obj-decision = decision { $id }
audit-obj-action = action { $id }
audit-obj-poll = poll { $id }
audit-obj-consultation-request = consultation request { $id }
audit-obj-activity = activity { $id }
audit-obj-seat-request = seat request { $id }
audit-obj-allocation-run = seat allocation { $id }
audit-obj-programme = partnership programme of { $id }
audit-obj-security-report = report { $id }
audit-obj-alert = alert { $id }
audit-obj-event-import = event import { $id }
audit-obj-detection = detection { $id }
audit-obj-nation = { $id }
audit-obj-membership = membership { $id }
audit-obj-grouping = grouping { $id }
audit-obj-format = format { $id }
audit-obj-contact = point of contact { $id }
audit-obj-account = account { $id }
audit-obj-notification = notice { $id }
audit-obj-audit = audit log { $id }
audit-obj-api-token = API token { $id }
audit-obj-calendar-feed = calendar feed { $id }
audit-obj-session = session { $id }
# registry editing
reg-edit-forbidden = Only the alliance’s staff who write may edit the registry.
reg-edit-link = Edit this record
reg-edit-title = Edit the record
reg-new-title = Add a nation or organisation
reg-new-lead = A nation or organisation enters the registry with its first period in a framework. Further changes are recorded on its page.
reg-new-submit = Add to the registry
reg-refused = Nothing was saved. Please correct:
reg-code-hint = ISO 3166-1 alpha-3 for a state (for example AND); an abbreviation for an organisation (for example ASEAN).
reg-framework-hint = The framework decides what it is: an ally, a partner state, or a partner organisation.
reg-date-hint = As precise as known: a year (2024), a month (2024-05) or a day (2024-05-14).
reg-membership-heading = Membership
reg-membership-submit = Record the change
reg-no-periods = No period recorded.
reg-col-until = Until
reg-open-period = ongoing
reg-contact-save = Save the contact
reg-contact-remove = Remove the contact
reg-contact-new = Add a point of contact
reg-contact-add = Add the contact
reg-field-code = Code
reg-field-name = Name
reg-field-name-fr = Name in French
reg-field-region = Region
reg-field-framework = Framework
reg-field-joined = Joined on
reg-field-note = Note
reg-field-event = Change
reg-field-date = Date
reg-field-role = Role
reg-field-email = E-mail
reg-field-phone = Telephone
reg-field-audience = Released to
reg-field-nation = Nation
reg-problem-empty = This field is required.
reg-problem-code = “{ $value }” is not a code: 2 to 8 capital letters or digits, starting with a letter.
reg-problem-choice = “{ $value }” is not one of the choices offered.
reg-problem-framework = “{ $value }” is not a framework (known: { $known }).
reg-problem-date = “{ $value }” is not a date: write a year (2024), a month (2024-05) or a day (2024-05-14).
reg-problem-kind = This nation cannot take part in { $framework }.
reg-problem-iso3 = “{ $code }” is not an ISO 3166-1 alpha-3 code, which a state needs (an organisation joins the Organisations framework).
reg-problem-not-after = { $date } is not after the start of the period ({ $joined }).
reg-problem-name = The name differs from the one recorded (“{ $first }”).
reg-problem-region = The region differs from the one recorded (“{ $first }”).
reg-problem-is-organisation = { $nation } is recorded as an organisation; this framework is for states.
reg-problem-is-state = { $nation } is recorded as a state; this framework is for organisations.
reg-problem-duplicate = { $nation } already has a period in { $framework } from { $joined }.
reg-problem-overlap = This period of { $nation } in { $framework } overlaps the one recorded from { $other }.
reg-problem-exists = { $code } is already in the registry.
reg-problem-no-open-period = { $nation } has no ongoing period in { $framework } to end.
reg-problem-too-long = { $len } characters; at most { $max } are allowed.
reg-problem-control = Character { $at } ({ $char }) is one this field does not accept.
reg-problem-email = “{ $value }” is not an e-mail address.
reg-problem-phone = “{ $value }” is not a telephone number (digits, spaces and + - ( ) . only).

## Labels of fields, kinds of items and code lists inside error sentences
field-answers = Answers
field-at = Time
field-closes_at = Closes at
field-comment = Comment
field-deadline = Deadline
field-description = Description
field-due = Due date
field-end = End
field-file = File
field-from = From
field-history = History
field-id = Item
field-meeting = Meeting
field-note = Note
field-options = Options
field-order = Order
field-owner = Owner
field-position = Position
field-positions = Positions
field-reason = Reason
field-record = Summary record
field-start = Start
field-text = Text
field-threat = Threat
field-time_zone = Time zone
field-title = Title
field-venue = Venue
field-version = Version
field-votes = Votes
entity-meeting = meeting
entity-agenda_item = agenda item
entity-summary_record = summary record
entity-decision = decision
entity-action = action
entity-consultation_request = consultation request
entity-poll = poll
entity-activity = activity
entity-after-action_report = after-action report
entity-alert = alert
entity-registry = registry
entity-report = report
entity-paper = paper
entity-programme = programme
codes-nations = nations
codes-frameworks = frameworks
eval-q5-formats-title = Named formats by shape, by year
eval-q5-formats-definition = From the registry's formats and their validity dates: each year, the named formats in force on 31 December (today for this year) by shape — all allies, allies with named partners, one whole framework, or across frameworks (several frameworks, or named partners beside a framework). The meetings held in each shape are question 1's.
eval-q5-formats-sentence = In { $year }, { $across } of the { $formats } named formats in force crossed frameworks. A format says who may sit, not how often it met: see the meetings per format in question 1.
eval-col-kind = Shape
eval-col-formats = Named formats

# Alert subscriptions and the alert feed
subscription-link = Your alert subscription
subscription-title = Alert subscription
subscription-lead = Choose which new alerts you are told of, and how. You are only ever told of alerts you may open: an alert that counts a report you may not see never reaches you.
subscription-places = Places
subscription-places-hint = Alerts in any of the countries and regional groupings you name. Name none to follow every place.
subscription-countries = Countries (ISO 3166 alpha-3 codes)
subscription-countries-hint = Codes separated by spaces or commas, e.g. MLI NER BFA.
subscription-countries-now = Now:
subscription-regions = Regional groupings
subscription-categories = Challenge categories
subscription-categories-hint = Tick none to follow every category.
subscription-delivery = How you are told of a new alert
subscription-delivery-off = Not told (the subscription only selects what your feed carries)
subscription-delivery-inbox = In my inbox
subscription-delivery-inbox_and_email = In my inbox and by e-mail
subscription-no-email = Your account has no e-mail address: notices reach your inbox only.
subscription-save = Save the subscription
subscription-saved = Subscription saved.
alert-feed-title-section = Your alert feed
alert-feed-intro = A secret address of an Atom feed of the alerts your subscription selects, each as an OASIS CAP 1.2 alert, for an alerting system or a feed reader that cannot sign in. Whoever has the address reads what you may read: keep it private, and replace it if it leaks.
alert-feed-on = Your feed is on.
alert-feed-off = You have no alert feed.
alert-feed-last-used = It was last read on { $date }.
alert-feed-create = Make a feed address
alert-feed-replace = Make a new address (the old one stops working)
alert-feed-revoke = Turn the feed off
alert-feed-turned-off = Your alert feed is off: its address no longer answers.
alert-feed-api = With an API token, the same feed is at /api/v1/alerts/feed.
alert-feed-created-title = Your alert feed address
alert-feed-created-intro = Give this address to your alerting system or feed reader. It carries the alerts your subscription selects and you may open.
alert-feed-title = Entente alerts · { $owner }
alert-feed-author = Entente early warning
notice-alert-detectors = { $count ->
    [one] One detector flagged it this week.
   *[other] { $count } detectors flagged it this week.
}
notice-alert-raised = New alert: { $headline }
entity-alert_subscription = alert subscription
field-countries = Countries
field-regions = Regional groupings
field-categories = Categories
field-delivery = Delivery
