//! What the audit log records: one [`AuditAction`] per kind of change or read of personal data,
//! stored by its code.

use crate::FieldError;

macro_rules! actions {
    ($($variant:ident => $code:literal, $doc:literal;)*) => {
        /// A kind of entry in the audit log.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(into = "&'static str")]
        pub enum AuditAction {
            $(#[doc = $doc] $variant,)*
        }

        impl AuditAction {
            /// Every action, in the order of this list.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// The code stored in the log.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $code,)*
                }
            }

            /// The action a stored code names.
            pub fn parse(code: &str) -> Result<Self, FieldError> {
                match code {
                    $($code => Ok(AuditAction::$variant),)*
                    _ => Err(FieldError::new("action", "error-audit-action").arg("code", code)),
                }
            }
        }
    };
}

actions! {
    Create => "create", "A person added.";
    Edit => "edit", "A person's details changed.";
    View => "view", "A person's record read.";
    ViewHistory => "view-history", "A person's ladder history read.";
    Search => "search", "A list of people read by a search.";
    MoveStage => "move-stage", "A person moved on the ladder.";
    Consent => "consent", "A consent given or withdrawn.";
    Merge => "merge", "Two records of one person merged.";
    Duplicates => "duplicates", "The list of possible duplicates read.";
    SubjectAccessExport => "subject-access-export", "Everything held about a person exported.";
    PersonErased => "person-erased", "A person erased (on request or by retention).";
    CreateFromResponse => "create-from-response", "A contact made from an enquête response.";
    CheckIn => "check-in", "A person checked in at an action.";
    ViewRsvps => "view-rsvps", "An action's RSVP list read.";
    ReminderList => "reminder-list", "An action's reminder list downloaded.";
    ViewSignatures => "view-signatures", "A petition's signatures read.";
    PetitionExport => "petition-export", "A petition's signatures exported for delivery.";
    ViewMeeting => "view-meeting", "A meeting's attendance read.";
    ViewVolunteers => "view-volunteers", "A project's volunteers read.";
    CampaignTargets => "campaign-targets", "A campaign's targets set.";
    LadderRules => "ladder-rules", "The ladder rules changed.";
    ExportResponses => "export-responses", "A survey's anonymous responses exported.";
    ImportMargins => "import-margins", "Population figures imported.";
    EditThemes => "edit-themes", "The themes of free-text answers edited.";
    PasswordResetRequested => "password-reset-requested", "A password reset mail asked for.";
    PasswordReset => "password-reset", "A password reset by mail.";
    RotateKeys => "rotate-keys", "Personal data sealed again under a new key.";
    BulkTag => "bulk-tag", "A tag added to or taken from people of a list's selection.";
    BulkRsvp => "bulk-rsvp", "People of a list's selection answered for at an action.";
    PeopleExport => "people-export", "People of a list's selection exported as CSV.";
    ViewResponseFile => "view-response-file", "A photo, recording or file sent with a response read.";
    CallList => "call-list", "A call list made from a selection of people.";
    CallHandedOut => "call-handed-out", "A person and their phone number handed to a caller.";
    CallRecorded => "call-recorded", "The outcome of a call recorded.";
    AudienceSaved => "audience-saved", "An audience (a selection of people) saved or deleted.";
    MailingSaved => "mailing-saved", "A mailing written or changed.";
    MailingScheduled => "mailing-scheduled", "A mailing scheduled to be sent.";
    MailingCancelled => "mailing-cancelled", "A mailing stopped.";
    MailingTest => "mailing-test", "A test message of a mailing sent to its author.";
    Unsubscribed => "unsubscribed", "Someone unsubscribed through the link in a mailing.";
    BouncesImported => "bounces-imported", "Undeliverable mail reported back.";
    FollowUpRule => "follow-up-rule", "A follow-up rule made or stopped.";
    TaskDone => "task-done", "A follow-up task done.";
    ActionPublic => "action-public", "An action shown in or taken out of the public calendar.";
    ActionCancelled => "action-cancelled", "An action cancelled.";
    Webhook => "webhook", "A webhook added, removed or resumed.";
    TrainingModule => "training-module", "A training module added.";
    TrainingSession => "training-session", "A session of a training module planned.";
    TrainingCompleted => "training-completed", "A person's completion of a training module recorded.";
    Position => "position", "A position of a unit added or left vacant.";
    PositionFilled => "position-filled", "A person elected or appointed to a position.";
    LeadershipRules => "leadership-rules", "The leadership rules of the ladder changed.";
    ApiToken => "api-token", "An API token of an integration made or revoked.";
    Article => "article", "A news article written, changed, published, taken off the site or removed.";
    Organization => "organization", "Another organization started on this installation.";
    OrganizationGrant => "organization-grant", "An account of another organization allowed, or no longer allowed, to read this one's people.";
    OrganizationJoined => "organization-joined", "A person joined another organization of the movement (from the youth wing to the party).";
    Festival => "festival", "A festival or one of its ticket types made.";
    FestivalOrder => "festival-order", "Festival tickets ordered.";
    FestivalOrderPaid => "festival-order-paid", "A festival order marked paid at a desk.";
    FestivalOrderClosed => "festival-order-closed", "A festival order cancelled or refunded.";
    FestivalLane => "festival-lane", "A festival's gate lane freed, or its entrances set.";
    SectionPostcodes => "section-postcodes", "The postcodes a section covers set.";
    Workplace => "workplace", "A workplace's map changed: the workplace, its departments, shifts, unions or structure tests.";
    WorkerPlaced => "worker-placed", "A person placed on a workplace's map (department, shift, social leader, union).";
    SupportAssessed => "support-assessed", "Where a person stands recorded (a support assessment).";
    AssessmentsRead => "assessments-read", "Who stands where in a workplace read (names with their assessments).";
    Motion => "motion", "A motion recorded, or a demand added to one.";
    FestivalBuyers => "festival-buyers", "A festival's ticket buyer who agreed to be contacted added as a contact of their section.";
    BankStatement => "bank-statement", "A bank statement imported to mark festival orders paid.";
    Research => "research", "Complicity research: a fact added, reviewed, published or withdrawn, a file of facts imported, or an account made a researcher.";
    WorkplaceSite => "workplace-site", "A workplace linked to a site of the research (or unlinked), for the shipments expected there.";
}

impl From<AuditAction> for &'static str {
    fn from(a: AuditAction) -> Self {
        a.as_str()
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_codes_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()).unwrap(), *a);
            assert!(seen.insert(a.as_str()), "{a} twice");
        }
        assert!(AuditAction::parse("delete-everything").is_err());
    }
}
