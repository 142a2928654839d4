# Labels of the form fields the cooperation, warning and registry areas name in their messages.

field-action = Action
field-activities = Activities
field-aim_en = Aim (English)
field-aim_fr = Aim (French)
field-area = Area
field-category = Category
field-completed = Completed
field-confirm_by = Confirm by
field-country = Country
field-cycle = Cycle
field-detector = Detector
field-fatalities = Fatalities
field-framework = Framework
field-goal = Goal
field-goals = Goals
field-institution = Institution
field-languages = Languages
field-location = Location
field-nation_cap = Seats per nation
field-nominees = Nominees
field-objective = Objective
field-objectives = Objectives
field-occurred_on = Occurred on
field-organisation = Organisation
field-participant = Participant
field-prerequisites = Prerequisites
field-priority = Priority
field-quality = Quality
field-relevance = Relevance
field-report = Report
field-seats = Seats
field-seed = Seed
field-sources = Sources
field-state = State
field-step = Step
field-target = Target date
field-threshold = Threshold
field-title_en = Title (English)
field-title_fr = Title (French)
field-to = To
field-until = Until
field-year = Year

# A status an allocation does not hold but is named as a step.
allocation-status-reissued = Reissued
