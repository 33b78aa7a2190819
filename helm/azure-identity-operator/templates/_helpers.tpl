{{/* Chart name. */}}
{{- define "aio.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's resources. */}}
{{- define "aio.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "aio.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "aio.labels" -}}
helm.sh/chart: {{ include "aio.chart" . }}
{{ include "aio.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: azure-identity-operator
{{- end }}

{{/* Labels that select the operator pods. */}}
{{- define "aio.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aio.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "aio.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aio.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aio.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* "true" when leader election is on: explicitly, or by default when replicas > 1. */}}
{{- define "aio.leaderElection" -}}
{{- if kindIs "bool" .Values.leaderElection.enabled }}
{{- .Values.leaderElection.enabled }}
{{- else }}
{{- gt (int .Values.replicas) 1 }}
{{- end }}
{{- end }}

{{/* The same for one Deployment: (dict "enabled" leaderElection.enabled "replicas" its replicas). */}}
{{- define "aio.leaderElectionOf" -}}
{{- if kindIs "bool" .enabled }}
{{- .enabled }}
{{- else }}
{{- gt (int .replicas) 1 }}
{{- end }}
{{- end }}

{{/* Name of the Secret holding the client secret ("" when there is none). */}}
{{- define "aio.clientSecretName" -}}
{{- if .Values.azure.clientSecret.existingSecret }}
{{- .Values.azure.clientSecret.existingSecret }}
{{- else if .Values.azure.clientSecret.create }}
{{- printf "%s-azure" (include "aio.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Checks across values that values.schema.json cannot express readably. Fails the install with a
message naming the values to fix.
*/}}
{{- define "aio.validate" -}}
{{- $az := .Values.azure }}
{{- if not .Values.clusterName }}
{{- fail "clusterName is required: set --set clusterName=<this cluster's name> (it goes into the ownership tags of every identity the operator creates)" }}
{{- end }}
{{- if eq $az.cloud "Custom" }}
{{- if or (not $az.resourceManagerEndpoint) (not $az.authorityHost) }}
{{- fail "azure.cloud=Custom needs azure.resourceManagerEndpoint and azure.authorityHost" }}
{{- end }}
{{- else if or $az.resourceManagerEndpoint $az.authorityHost }}
{{- fail (printf "azure.resourceManagerEndpoint and azure.authorityHost are only used with azure.cloud=Custom (azure.cloud is %s)" $az.cloud) }}
{{- end }}
{{- $secret := include "aio.clientSecretName" . }}
{{- if and $az.workloadIdentity.enabled $secret }}
{{- fail "azure.clientSecret is for clusters without workload identity: set azure.workloadIdentity.enabled=false to use it, or remove azure.clientSecret.existingSecret/create" }}
{{- end }}
{{- if and $az.workloadIdentity.enabled (not $az.clientId) }}
{{- fail "azure.workloadIdentity.enabled=true needs azure.clientId: the client ID of the user-assigned identity federated with the operator's ServiceAccount" }}
{{- end }}
{{- if and $secret (or (not $az.clientId) (not $az.tenantId)) }}
{{- fail "azure.clientSecret needs azure.clientId and azure.tenantId" }}
{{- end }}
{{- if and $az.clientSecret.create (not $az.clientSecret.existingSecret) (not $az.clientSecret.value) }}
{{- fail "azure.clientSecret.create=true needs azure.clientSecret.value (or use azure.clientSecret.existingSecret)" }}
{{- end }}
{{- if and $az.caCertificate.configMap $az.caCertificate.secret }}
{{- fail "azure.caCertificate: set configMap or secret, not both" }}
{{- end }}
{{- if and (gt (int .Values.replicas) 1) (eq (include "aio.leaderElection" .) "false") }}
{{- fail "replicas > 1 needs leader election: remove leaderElection.enabled=false" }}
{{- end }}
{{- $names := list }}
{{- range $s := .Values.shards }}
{{- if has $s.name $names }}
{{- fail (printf "shards: the name %s is used twice" $s.name) }}
{{- end }}
{{- $names = append $names $s.name }}
{{- if and (not $s.labelSelector) (not $s.namespaces) }}
{{- fail (printf "shards: shard %s needs a labelSelector or namespaces (else it would reconcile every identity, as the others do)" $s.name) }}
{{- end }}
{{- if and $.Values.watchNamespaces $s.namespaces }}
{{- range $ns := $s.namespaces }}
{{- if not (has $ns $.Values.watchNamespaces) }}
{{- fail (printf "shards: namespace %s of shard %s is not in watchNamespaces (the operator's rights cover only those)" $ns $s.name) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and (gt (int (default $.Values.replicas $s.replicas)) 1) (eq (include "aio.leaderElectionOf" (dict "enabled" $.Values.leaderElection.enabled "replicas" (default $.Values.replicas $s.replicas))) "false") }}
{{- fail (printf "shards: shard %s has replicas > 1, which needs leader election: remove leaderElection.enabled=false" $s.name) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The webhook's Service, ValidatingWebhookConfiguration and certificate Secret share this name. */}}
{{- define "aio.webhookName" -}}
{{- printf "%s-webhook" (include "aio.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
