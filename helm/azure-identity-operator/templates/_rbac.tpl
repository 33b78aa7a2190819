{{/*
The rules the operator needs on the resources it watches: its custom resources (with status and
finalizers; regional identity sets create and delete the UserAssignedIdentities they own, and
update the sets' finalizers, which an owner reference with blockOwnerDeletion requires), the events it records on them, and the ServiceAccounts of workload identity (read,
created when a resource asks, annotated with the identity's client ID) and the ConfigMaps a
resource publishes its identity's IDs in (never watched; only ones the resource owns are changed).
Nothing else; no wildcards, never secrets.
*/}}
{{- define "aio.watchRules" -}}
- apiGroups: ["identity.operators.dev"]
  resources: ["userassignedidentities"]
  verbs: ["get", "list", "watch", "patch", "update", "create", "delete"]
- apiGroups: ["identity.operators.dev"]
  resources: ["userassignedidentities/status"]
  verbs: ["patch", "update"]
- apiGroups: ["identity.operators.dev"]
  resources: ["userassignedidentities/finalizers"]
  verbs: ["update"]
- apiGroups: ["identity.operators.dev"]
  resources: ["regionalidentitysets"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["identity.operators.dev"]
  resources: ["regionalidentitysets/status"]
  verbs: ["patch", "update"]
- apiGroups: ["identity.operators.dev"]
  resources: ["regionalidentitysets/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "patch"]
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get", "create", "patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "create", "update", "delete"]
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

{{/*
Reading the namespaces it watches: a resource deleted with its namespace follows
namespaceDeletionPolicy, and IdentityPolicies select namespaces by their labels. All namespaces
(listed and watched: labels from a cache) when all are watched, else the watched ones by name.
*/}}
{{- define "aio.namespaceRule" -}}
- apiGroups: [""]
  resources: ["namespaces"]
  {{- if .Values.watchNamespaces }}
  resourceNames: {{ toJson (uniq .Values.watchNamespaces) }}
  verbs: ["get"]
  {{- else }}
  verbs: ["get", "list", "watch"]
  {{- end }}
{{- end }}

{{/*
Reading the cluster's IdentityPolicies (cluster-scoped, written by admins only) and writing their
status: the namespaces a policy selects and the resources that break it. Never the policy itself.
*/}}
{{- define "aio.policyRules" -}}
- apiGroups: ["identity.operators.dev"]
  resources: ["identitypolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["identity.operators.dev"]
  resources: ["identitypolicies/status"]
  verbs: ["patch", "update"]
{{- end }}

{{/*
The orphan sweep's kind (RoleAssignmentSweep, cluster-scoped): read and watched, its status
written. Cluster-wide by nature, whatever namespaces are watched. Its events go to "default", as
Kubernetes records events of cluster-scoped objects.
*/}}
{{- define "aio.sweepRules" -}}
- apiGroups: ["identity.operators.dev"]
  resources: ["roleassignmentsweeps"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["identity.operators.dev"]
  resources: ["roleassignmentsweeps/status"]
  verbs: ["patch", "update"]
{{- end }}
