{{/* Release-scoped base name: the release name, or "<release>-orrery" when it does not contain it. */}}
{{- define "orrery.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects: orrery.name (dict "root" $ "component" "users"). */}}
{{- define "orrery.name" -}}
{{- printf "%s-%s" (include "orrery.fullname" .root) .component -}}
{{- end -}}

{{/* Labels that select one component's pods. */}}
{{- define "orrery.selectorLabels" -}}
app.kubernetes.io/name: orrery
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels of one component's objects. */}}
{{- define "orrery.labels" -}}
{{ include "orrery.selectorLabels" . }}
app.kubernetes.io/part-of: orrery
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* Cluster DNS name of a Service in the release namespace. */}}
{{- define "orrery.host" -}}
{{- printf "%s.%s.svc.cluster.local" (include "orrery.name" .) .root.Release.Namespace -}}
{{- end -}}

{{/* Name of the Secret holding generated credentials. */}}
{{- define "orrery.secretName" -}}
{{- printf "%s-secrets" (include "orrery.fullname" .) -}}
{{- end -}}

{{/* Pod-level security context; uid is the user to run as. */}}
{{- define "orrery.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security context; writable=true only for Tilt's dev mode. */}}
{{- define "orrery.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ not .writable }}
privileged: false
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Comma-separated Postgres URLs of one service's shards, in shard order. */}}
{{- define "orrery.pgUrls" -}}
{{- $urls := list -}}
{{- range $i, $_ := until (int .root.Values.postgres.shards) -}}
{{- $host := include "orrery.host" (dict "root" $.root "component" (printf "%s-pg-%d" $.service $i)) -}}
{{- $urls = append $urls (printf "postgres://orrery:%s@%s:5432/%s" $.password $host $.service) -}}
{{- end -}}
{{- join "," $urls -}}
{{- end -}}

{{/* Kafka bootstrap address. */}}
{{- define "orrery.kafkaBrokers" -}}
{{- printf "%s:9092" (include "orrery.host" (dict "root" . "component" "kafka")) -}}
{{- end -}}
