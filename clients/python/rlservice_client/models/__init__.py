"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .access_token import AccessToken
from .action_in_heartsteps import ActionInHeartsteps
from .action_in_heartsteps_context import ActionInHeartstepsContext
from .action_in_justin import ActionInJustin
from .action_in_justin_context import ActionInJustinContext
from .action_in_miwaves import ActionInMiwaves
from .action_in_miwaves_context import ActionInMiwavesContext
from .action_in_oralytics import ActionInOralytics
from .action_in_oralytics_context import ActionInOralyticsContext
from .action_in_three_messages import ActionInThreeMessages
from .action_in_three_messages_context import ActionInThreeMessagesContext
from .action_in_three_messages_context_mood import ActionInThreeMessagesContextMood
from .action_probability import ActionProbability
from .advantage_posterior import AdvantagePosterior
from .audit_entry import AuditEntry
from .audit_entry_details import AuditEntryDetails
from .audit_log import AuditLog
from .baseline import Baseline
from .bootstrap_in import BootstrapIn
from .bootstrapped import Bootstrapped
from .client_created import ClientCreated
from .client_in import ClientIn
from .client_list import ClientList
from .client_state import ClientState
from .client_summary import ClientSummary
from .control_changed import ControlChanged
from .control_changed_change import ControlChangedChange
from .control_in import ControlIn
from .dead_letter import DeadLetter
from .dead_letter_summary import DeadLetterSummary
from .dead_letters import DeadLetters
from .decided import Decided
from .decision import Decision
from .dependency_health import DependencyHealth
from .dependency_health_status import DependencyHealthStatus
from .exclusion import Exclusion
from .exclusion_in import ExclusionIn
from .exclusions import Exclusions
from .failed_window import FailedWindow
from .failed_windows import FailedWindows
from .failure import Failure
from .grant_role_role import GrantRoleRole
from .health import Health
from .health_check import HealthCheck
from .health_check_status import HealthCheckStatus
from .health_dependencies import HealthDependencies
from .health_services import HealthServices
from .health_status import HealthStatus
from .incident_reply import IncidentReply
from .incident_reply_severity import IncidentReplySeverity
from .incidents import Incidents
from .just_in_action import JustInAction
from .just_in_action_context import JustInActionContext
from .just_in_decision import JustInDecision
from .just_in_decision_action import JustInDecisionAction
from .just_in_upload import JustInUpload
from .just_in_uploaded import JustInUploaded
from .just_in_user import JustInUser
from .just_in_user_added import JustInUserAdded
from .list_participants_status_type_0_item import ListParticipantsStatusType0Item
from .login_in import LoginIn
from .message import Message
from .mi_waves_action import MiWavesAction
from .mi_waves_credentials import MiWavesCredentials
from .mi_waves_decision import MiWavesDecision
from .mi_waves_decision_action import MiWavesDecisionAction
from .mi_waves_register import MiWavesRegister
from .mi_waves_registered import MiWavesRegistered
from .mi_waves_token import MiWavesToken
from .mi_waves_window import MiWavesWindow
from .observed import Observed
from .observed_record import ObservedRecord
from .participant import Participant
from .participant_baseline import ParticipantBaseline
from .participant_in import ParticipantIn
from .participant_page import ParticipantPage
from .participant_reply import ParticipantReply
from .participant_row import ParticipantRow
from .participant_row_status import ParticipantRowStatus
from .participant_status import ParticipantStatus
from .pin_in import PinIn
from .plot_series import PlotSeries
from .policies import Policies
from .policy import Policy
from .policy_controls import PolicyControls
from .policy_distribution import PolicyDistribution
from .policy_fit_on import PolicyFitOn
from .policy_hyperparameters import PolicyHyperparameters
from .policy_used import PolicyUsed
from .policy_used_fit_on import PolicyUsedFitOn
from .redriven import Redriven
from .registered import Registered
from .repulled import Repulled
from .requested import Requested
from .requested_context import RequestedContext
from .reset_in import ResetIn
from .resolve_in import ResolveIn
from .revoke_role_role import RevokeRoleRole
from .role_changed import RoleChanged
from .role_changed_role import RoleChangedRole
from .role_grant import RoleGrant
from .role_grant_role import RoleGrantRole
from .role_in import RoleIn
from .role_in_role import RoleInRole
from .service_health import ServiceHealth
from .service_health_status import ServiceHealthStatus
from .simulation import Simulation
from .simulation_plot import SimulationPlot
from .simulation_plots import SimulationPlots
from .simulation_progress import SimulationProgress
from .simulation_results_type_0 import SimulationResultsType0
from .simulation_row import SimulationRow
from .simulations import Simulations
from .state_probability import StateProbability
from .status_change import StatusChange
from .status_change_entry import StatusChangeEntry
from .status_change_entry_from_status_type_0 import StatusChangeEntryFromStatusType0
from .status_change_entry_to_status import StatusChangeEntryToStatus
from .status_change_status import StatusChangeStatus
from .status_history import StatusHistory
from .study_daily import StudyDaily
from .study_daily_participants import StudyDailyParticipants
from .study_day import StudyDay
from .study_health import StudyHealth
from .study_health_status import StudyHealthStatus
from .study_list import StudyList
from .study_live import StudyLive
from .study_probability_by_state import StudyProbabilityByState
from .study_reset import StudyReset
from .study_reset_deleted import StudyResetDeleted
from .study_summary import StudySummary
from .study_summary_roles_item import StudySummaryRolesItem
from .timeline import Timeline
from .times_changed import TimesChanged
from .times_in import TimesIn
from .times_version import TimesVersion
from .times_version_source import TimesVersionSource
from .times_versions import TimesVersions
from .update_accepted import UpdateAccepted
from .update_in import UpdateIn
from .update_status import UpdateStatus
from .update_status_callback_status_type_0 import UpdateStatusCallbackStatusType0
from .update_status_status import UpdateStatusStatus
from .upload_data import UploadData
from .upload_data_context import UploadDataContext
from .upload_data_outcome import UploadDataOutcome
from .window_accepted import WindowAccepted
from .window_close import WindowClose
from .window_ended import WindowEnded
from .window_event import WindowEvent
from .window_event_closed_by import WindowEventClosedBy

__all__ = (
    "Accepted",
    "AccessToken",
    "ActionInHeartsteps",
    "ActionInHeartstepsContext",
    "ActionInJustin",
    "ActionInJustinContext",
    "ActionInMiwaves",
    "ActionInMiwavesContext",
    "ActionInOralytics",
    "ActionInOralyticsContext",
    "ActionInThreeMessages",
    "ActionInThreeMessagesContext",
    "ActionInThreeMessagesContextMood",
    "ActionProbability",
    "AdvantagePosterior",
    "AuditEntry",
    "AuditEntryDetails",
    "AuditLog",
    "Baseline",
    "BootstrapIn",
    "Bootstrapped",
    "ClientCreated",
    "ClientIn",
    "ClientList",
    "ClientState",
    "ClientSummary",
    "ControlChanged",
    "ControlChangedChange",
    "ControlIn",
    "DeadLetter",
    "DeadLetters",
    "DeadLetterSummary",
    "Decided",
    "Decision",
    "DependencyHealth",
    "DependencyHealthStatus",
    "Exclusion",
    "ExclusionIn",
    "Exclusions",
    "FailedWindow",
    "FailedWindows",
    "Failure",
    "GrantRoleRole",
    "Health",
    "HealthCheck",
    "HealthCheckStatus",
    "HealthDependencies",
    "HealthServices",
    "HealthStatus",
    "IncidentReply",
    "IncidentReplySeverity",
    "Incidents",
    "JustInAction",
    "JustInActionContext",
    "JustInDecision",
    "JustInDecisionAction",
    "JustInUpload",
    "JustInUploaded",
    "JustInUser",
    "JustInUserAdded",
    "ListParticipantsStatusType0Item",
    "LoginIn",
    "Message",
    "MiWavesAction",
    "MiWavesCredentials",
    "MiWavesDecision",
    "MiWavesDecisionAction",
    "MiWavesRegister",
    "MiWavesRegistered",
    "MiWavesToken",
    "MiWavesWindow",
    "Observed",
    "ObservedRecord",
    "Participant",
    "ParticipantBaseline",
    "ParticipantIn",
    "ParticipantPage",
    "ParticipantReply",
    "ParticipantRow",
    "ParticipantRowStatus",
    "ParticipantStatus",
    "PinIn",
    "PlotSeries",
    "Policies",
    "Policy",
    "PolicyControls",
    "PolicyDistribution",
    "PolicyFitOn",
    "PolicyHyperparameters",
    "PolicyUsed",
    "PolicyUsedFitOn",
    "Redriven",
    "Registered",
    "Repulled",
    "Requested",
    "RequestedContext",
    "ResetIn",
    "ResolveIn",
    "RevokeRoleRole",
    "RoleChanged",
    "RoleChangedRole",
    "RoleGrant",
    "RoleGrantRole",
    "RoleIn",
    "RoleInRole",
    "ServiceHealth",
    "ServiceHealthStatus",
    "Simulation",
    "SimulationPlot",
    "SimulationPlots",
    "SimulationProgress",
    "SimulationResultsType0",
    "SimulationRow",
    "Simulations",
    "StateProbability",
    "StatusChange",
    "StatusChangeEntry",
    "StatusChangeEntryFromStatusType0",
    "StatusChangeEntryToStatus",
    "StatusChangeStatus",
    "StatusHistory",
    "StudyDaily",
    "StudyDailyParticipants",
    "StudyDay",
    "StudyHealth",
    "StudyHealthStatus",
    "StudyList",
    "StudyLive",
    "StudyProbabilityByState",
    "StudyReset",
    "StudyResetDeleted",
    "StudySummary",
    "StudySummaryRolesItem",
    "Timeline",
    "TimesChanged",
    "TimesIn",
    "TimesVersion",
    "TimesVersions",
    "TimesVersionSource",
    "UpdateAccepted",
    "UpdateIn",
    "UpdateStatus",
    "UpdateStatusCallbackStatusType0",
    "UpdateStatusStatus",
    "UploadData",
    "UploadDataContext",
    "UploadDataOutcome",
    "WindowAccepted",
    "WindowClose",
    "WindowEnded",
    "WindowEvent",
    "WindowEventClosedBy",
)
