# Enquête interface strings, English. Every key here must exist in nl, fr and de too
# (a test checks it).

nav-tree = Organization
nav-people = People
nav-users = Accounts
nav-audit = Audit log
nav-account = My account
nav-logout = Log out

error-back = Go back
error-home = Home
error-title-input = Something in the form needs fixing
error-title-forbidden = Not allowed
error-title-notfound = Not found
error-title-other = Something went wrong

login-title = Log in
login-email = E-mail address
login-password = Password
login-submit = Log in
login-failed = The e-mail address or password is not right.

tree-title = Organization

unit-archived = archived
unit-people-per-stage = People per stage
unit-people-total = people
unit-members = members
unit-stage = Stage
unit-now-at = Now at this stage
unit-reached = Reached it
unit-conversion = From the stage before
unit-children = Units below
unit-name = Name
unit-kind = Kind
unit-see-people = See the people
unit-add-person = Add a person
unit-add-child = Add a unit below this one
unit-create = Create
unit-manage = Rename, move or archive
unit-new-name = New name
unit-rename = Rename
unit-move-under = Move below
unit-move = Move
unit-restore = Restore
unit-archive = Archive
unit-chart-label = People per stage in { $unit }

people-title = People
people-search-placeholder = Name, e-mail or phone
people-search = Search
people-any-stage = Any stage
people-tag = Tag
people-previous = Previous
people-next = Next
people-summary = { $count } people found
people-summary-own = { $count } people you recorded

person-name = Name
person-unit = Unit
person-tags = Tags
person-email = E-mail
person-phone = Phone
person-address = Address
person-languages = Languages
person-workplace = Workplace or occupation
person-notes = Notes
person-since = Known since
person-edit = Edit
person-youth-wing = Youth wing
person-tags-placeholder = tenant, nurse, union
person-consent-contact = Agrees to be contacted again
person-new = Add a person
person-edit-title = Edit { $name }

ladder-move = Move on the ladder
ladder-to = To
ladder-reason = Why
ladder-reason-placeholder = came to the swimming-pool action
ladder-submit = Move
ladder-history = Ladder history

history-when = When
history-move = Move
history-who = By
history-why = Why

consent-title = Consents
consent-purpose = Purpose
consent-status = Status
consent-source = Where and how
consent-given = given
consent-withdrawn = withdrawn
consent-source-placeholder = door-to-door, phone call, online form
consent-record = Record

form-save = Save

dup-title = Possible duplicates
dup-explain = Records that share an e-mail address or a phone number. Merging keeps the first record, fills its empty fields from the second, unites tags, consents and history, and deletes the second.
dup-none = No duplicates found.
dup-keep = Keep
dup-other = Merge into it
dup-reason = Why
dup-merge = Merge
dup-same-email = same e-mail
dup-same-phone = same phone

users-title = Accounts
users-name = Name
users-role = Role
users-add = Add an account
users-create = Create account
users-created = Account created for { $email }. Give them this one-time password; they choose their own at first login. It is not shown again.

account-title = My account
account-must-change = You logged in with a one-time password. Choose your own password to continue.
account-change-password = Change password
account-current = Current password
account-new = New password (at least 10 characters)

audit-title = Audit log
audit-explain = Every time staff read or changed a personal record. Entries cannot be changed or deleted.
audit-action = Action
audit-person = Person
audit-detail = Detail
audit-from = From

done-unit-created = The unit was created.
done-unit-renamed = The unit was renamed.
done-unit-moved = The unit was moved, with everything below it.
done-unit-archived = The unit was archived, with everything below it.
done-unit-restored = The unit was restored.
done-person-saved = Saved.
done-stage-moved = Moved on the ladder.
done-consent-recorded = Consent recorded.
done-merged = The two records were merged.
done-password-changed = Your password was changed.

stage-contact = contact
stage-sympathiser = sympathiser
stage-active = active
stage-member = member
stage-organizer = organizer
stage-leader = leader

kind-nation = nation
kind-region = region
kind-city = city
kind-neighbourhood = neighbourhood section
kind-workplace = workplace section
kind-youth = youth section

role-national_admin = national admin
role-organizer = organizer
role-canvasser = canvasser
role-analyst = analyst
role-steward = workplace steward
role-gate_scanner = gate scanner

purpose-contact = being contacted again
purpose-newsletter = newsletter
purpose-survey_link = linking survey answers to their name
purpose-membership = membership record

nav-canvass = Canvassing
canvass-title = Canvassing
canvass-unit = For the section
canvass-channel = Where
canvass-contact = Contact details (only with their consent)
canvass-save = Save this response
canvass-needs-script = This page needs JavaScript to work offline.
canvass-no-surveys = There is no survey yet.
canvass-js-pending = { $n } waiting to be sent
canvass-js-sent = { $n } sent
canvass-js-saved = Saved on this phone.
canvass-js-offline = No connection: { $n } kept on this phone, sent when the signal returns.
canvass-js-server-problem = The server answered { $n }; the responses stay on this phone and will be sent again.
canvass-js-required = Please answer:
canvass-js-rank-hint = Tick up to { $n }, the most important first.
canvass-js-no-survey = The survey could not be loaded ({ $n }).
channel-door = at the door
channel-workplace = at work
channel-street = in the street
channel-online = online
channel-paper = on paper
nav-surveys = Surveys
surveys-title = Surveys
surveys-name = Survey
surveys-version = Version
surveys-questions = Questions
surveys-responses = Responses
surveys-collect = Collect
surveys-download = Download as XLSForm
surveys-import = Publish from XLSForm
surveys-import-explain = An XLSForm workbook (.xlsx, as made for ODK or KoboToolbox). A new form_id makes a new survey; an existing one gets a new version, and earlier versions stay as they were.
surveys-file = XLSForm file
surveys-upload = Publish
surveys-code = Code
surveys-question = Question
surveys-type = Type
surveys-skip = Asked only when
surveys-demographic = demographic
qtype-single-choice = one choice
qtype-multiple-choice = several choices
qtype-ranking = ranking
qtype-scale = scale
qtype-number = number
qtype-text = free text
done-survey-published = The survey was published.
paper-title = Paper forms
paper-explain = A CSV file with one row per paper form and one column per question code (several choices or a ranking separated by ;), and optionally unit, collected_on (2026-11-23), contact_name, contact_phone, contact_email. A file with bad rows imports nothing unless you choose to skip them.
paper-unit = For the section
paper-unit-column = as given in the unit column
paper-file = CSV file
paper-skip-bad = Import the good rows and skip the bad ones
paper-import = Import
paper-refused = Nothing was imported: correct the rows below, or import again skipping them.
paper-imported = Imported:
paper-already = already there:
paper-row = Row
paper-column = Column
paper-problem = Problem
public-intro = Your answers are counted anonymously. Questions marked * need an answer.
public-email = Your e-mail address
public-email-explain = One answer per address; the address itself is not kept.
public-contact-explain = Only if you want us to contact you again.
public-submit = Send my answers
public-thanks-title = Thank you
public-thanks = Your answers have been received.
public-rank-place = Choice { $n }
links-title = Public links
links-explain = Anyone with a link can answer online for that section, without an account.
links-one-per-email = one answer per e-mail address
links-create = Open a link
done-link-created = The link is open.
