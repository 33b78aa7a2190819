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
  verbs: ["get", "create", "patch"]
{{- end }}

{{/*
Reading its own CRD, by name: while it is being deleted (which deletes every resource of the
kind), the operator deletes nothing in Azure. Cluster-scoped by nature.
*/}}
{{- define "aio.crdRule" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  resourceNames: ["userassignedidentities.identity.operators.dev"]
  verbs: ["get"]
{{- end }}
