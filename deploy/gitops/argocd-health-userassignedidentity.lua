-- Argo CD health check for identity.operators.dev/UserAssignedIdentity.
-- Install it in argocd-cm under resource.customizations.health.identity.operators.dev_UserAssignedIdentity
-- (see argocd-cm-health.yaml). Reads Ready, the kstatus conditions Reconciling and Stalled, and
-- observedGeneration.
--   Progressing: the resource is being deleted (the finalizer waits for Azure), the operator has
--                not yet seen the latest spec, Ready is missing or Unknown, Reconciling is True,
--                or Ready's reason is a waiting state (RoleAssignmentsPending, AssigneesPending,
--                WaitingForIdentity, AzureThrottled, AzureUnavailable): the operator gets there
--                by itself.
--   Healthy:     Ready=True for the current generation.
--   Suspended:   Ready=False because changes are planned, not made (managementPolicy Observe or
--                Plan: ChangesPlanned), or a plan waits for approval (AwaitingApproval).
--   Degraded:    Stalled is True, or Ready=False for a reason that needs a spec change or outside
--                help (InvalidSpec, NotOwned, OwnedByAnother, ChangeNotSupported, AzureError,
--                AuthenticationFailed, RoleAssignmentsFailed, AssigneesNotReady, ...).
local hs = {}
local transient = {
  AzureThrottled = true,
  AzureUnavailable = true,
  RoleAssignmentsPending = true,
  AssigneesPending = true,
  WaitingForIdentity = true,
  Reconciling = true,
  Progressing = true,
  Pending = true,
  Provisioning = true,
  Deleting = true,
}

if obj.metadata ~= nil and obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Being deleted: the operator removes the identity's attachments, role assignments and the identity from Azure"
  return hs
end

local generation = 0
if obj.metadata ~= nil and obj.metadata.generation ~= nil then
  generation = obj.metadata.generation
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local ready = nil
local reconciling = nil
local stalled = nil
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      ready = condition
    elseif condition.type == "Reconciling" then
      reconciling = condition
    elseif condition.type == "Stalled" then
      stalled = condition
    end
  end
end

-- The generation the operator last acted on: the Ready condition's, else status.observedGeneration.
local observed = nil
if ready ~= nil and ready.observedGeneration ~= nil then
  observed = ready.observedGeneration
elseif obj.status.observedGeneration ~= nil then
  observed = obj.status.observedGeneration
end

if observed == nil or observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile generation " .. tostring(generation)
  return hs
end

if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end

local reason = ready.reason or ""
local message = ready.message or ""
local text = reason
if message ~= "" then
  text = reason .. ": " .. message
end

if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = text
  return hs
end

local held = {
  ChangesPlanned = true,
  AwaitingApproval = true,
}
if ready.status == "False" and held[reason] then
  hs.status = "Suspended"
  hs.message = text
  return hs
end

if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = (stalled.reason or "") .. ": " .. (stalled.message or "")
  return hs
end

if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = (reconciling.reason or "") .. ": " .. (reconciling.message or "")
  return hs
end

if ready.status == "False" and not transient[reason] then
  hs.status = "Degraded"
  hs.message = text
  return hs
end

hs.status = "Progressing"
hs.message = text
return hs
