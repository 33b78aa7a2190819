-- Argo CD health check for identity.operators.dev/UserAssignedIdentity.
-- Install it in argocd-cm under resource.customizations.health.identity.operators.dev_UserAssignedIdentity
-- (see argocd-cm-health.yaml). Reads the kstatus-style Ready condition and observedGeneration.
--   Progressing: the operator has not yet seen the latest spec, Ready is missing or Unknown, or
--                Azure is throttling / unavailable (the operator retries by itself).
--   Healthy:     Ready=True for the current generation.
--   Degraded:    Ready=False for a reason a retry will not fix (InvalidSpec, NotOwned,
--                OwnedByAnother, ChangeNotSupported, LocationMismatch, AzureError, ...).
local hs = {}
local transient = {
  AzureThrottled = true,
  AzureUnavailable = true,
  Reconciling = true,
  Progressing = true,
  Pending = true,
  Provisioning = true,
  Deleting = true,
}

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
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      ready = condition
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

if ready.status == "False" and not transient[reason] then
  hs.status = "Degraded"
  hs.message = text
  return hs
end

hs.status = "Progressing"
hs.message = text
return hs
