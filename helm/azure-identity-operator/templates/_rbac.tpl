{{/*
The rules the operator needs on the resources it watches: its custom resource (with status and
finalizers) and the events it records on them. Nothing else; no wildcards.
*/}}
{{- define "aio.watchRules" -}}
- apiGroups: ["identity.operators.dev"]
  resources: ["userassignedidentities"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["identity.operators.dev"]
  resources: ["userassignedidentities/status"]
  verbs: ["patch", "update"]
- apiGroups: ["identity.operators.dev"]
  resources: ["userassignedidentities/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
