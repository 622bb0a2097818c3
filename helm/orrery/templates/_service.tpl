{{/*
One orrery service: Deployment, headless Service (clients resolve every pod and round-robin), PDB and
optional HPA. Called by gateway.yaml, users.yaml, orders.yaml and payments.yaml with
(dict "root" $ "component" "<name>").
*/}}
{{- define "orrery.service" -}}
{{- $root := .root -}}
{{- $name := .component -}}
{{- $svc := get $root.Values.services $name -}}
{{- $isGateway := eq $name "gateway" -}}
{{- $ctx := dict "root" $root "component" $name -}}
{{- $secret := include "orrery.secretName" $root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "orrery.name" $ctx }}
  labels:
    {{- include "orrery.labels" $ctx | nindent 4 }}
  {{- if and (lt (int $svc.replicas) 2) (not $root.Values.autoscaling.enabled) }}
  annotations:
    # The minimal profile runs one replica per service by design (laptop budget).
    kube-score/ignore: deployment-replicas
  {{- end }}
spec:
  {{- if not $root.Values.autoscaling.enabled }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      {{- include "orrery.selectorLabels" $ctx | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "orrery.labels" $ctx | nindent 8 }}
        orrery.dev/scrape: "true"
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    spec:
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "orrery.podSecurityContext" (dict "uid" $root.Values.runAsUser) | nindent 8 }}
      terminationGracePeriodSeconds: {{ add (div $root.Values.shutdownGraceMs 1000) 5 }}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- include "orrery.selectorLabels" $ctx | nindent 20 }}
      containers:
        - name: {{ $name }}
          image: {{ printf "%s:%s" $root.Values.image.repository $root.Values.image.tag | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- if $root.Values.devMode }}
          command: ["node", "--watch"]
          {{- end }}
          args: [{{ printf "services/%s/dist/main.js" $name | quote }}]
          envFrom:
            - configMapRef:
                name: {{ include "orrery.name" (dict "root" $root "component" "config") }}
          env:
            - name: ORRERY_ADMIN_PORT
              value: {{ $svc.adminPort | quote }}
            {{- if $isGateway }}
            - name: ORRERY_HTTP_PORT
              value: {{ $svc.httpPort | quote }}
            - name: ORRERY_JWT_SECRET
              valueFrom: { secretKeyRef: { name: {{ $secret }}, key: jwt-secret } }
            {{- else }}
            - name: ORRERY_GRPC_PORT
              value: {{ $svc.grpcPort | quote }}
            - name: ORRERY_PG_URLS
              valueFrom: { secretKeyRef: { name: {{ $secret }}, key: {{ $name }}-pg-urls } }
            {{- end }}
            {{- if eq $name "users" }}
            - name: ORRERY_ADMIN_EMAIL
              value: {{ $root.Values.adminEmail | quote }}
            - name: ORRERY_ADMIN_PASSWORD
              valueFrom: { secretKeyRef: { name: {{ $secret }}, key: admin-password } }
            {{- end }}
            {{- if eq $name "payments" }}
            - name: ORRERY_CARD_KEYS
              valueFrom: { secretKeyRef: { name: {{ $secret }}, key: card-keys } }
            {{- end }}
            - name: OTEL_SERVICE_NAME
              value: {{ $name }}
            - name: OTEL_RESOURCE_ATTRIBUTES
              value: "k8s.pod.name=$(POD_NAME),k8s.namespace.name={{ $root.Release.Namespace }}"
            - name: POD_NAME
              valueFrom: { fieldRef: { fieldPath: metadata.name } }
          ports:
            {{- if $isGateway }}
            - { name: http, containerPort: {{ $svc.httpPort }}, protocol: TCP }
            {{- else }}
            - { name: grpc, containerPort: {{ $svc.grpcPort }}, protocol: TCP }
            {{- end }}
            - { name: admin, containerPort: {{ $svc.adminPort }}, protocol: TCP }
          startupProbe:
            httpGet: { path: /healthz, port: admin }
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet: { path: /healthz, port: admin }
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            {{- if $isGateway }}
            httpGet: { path: /readyz, port: admin }
            {{- else }}
            grpc: { port: {{ $svc.grpcPort }} }
            {{- end }}
            periodSeconds: 5
            timeoutSeconds: 2
            failureThreshold: 2
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          securityContext:
            {{- include "orrery.containerSecurityContext" (dict "writable" $root.Values.devMode) | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
      volumes:
        - name: tmp
          emptyDir: { sizeLimit: 64Mi }
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "orrery.name" $ctx }}
  labels:
    {{- include "orrery.labels" $ctx | nindent 4 }}
spec:
  clusterIP: None
  selector:
    {{- include "orrery.selectorLabels" $ctx | nindent 4 }}
  ports:
    {{- if $isGateway }}
    - { name: http, port: {{ $svc.httpPort }}, targetPort: http, protocol: TCP }
    {{- else }}
    - { name: grpc, port: {{ $svc.grpcPort }}, targetPort: grpc, protocol: TCP, appProtocol: grpc }
    {{- end }}
    - { name: admin, port: {{ $svc.adminPort }}, targetPort: admin, protocol: TCP }
{{- if $root.Values.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "orrery.name" $ctx }}
  labels:
    {{- include "orrery.labels" $ctx | nindent 4 }}
spec:
  maxUnavailable: {{ $root.Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "orrery.selectorLabels" $ctx | nindent 6 }}
{{- end }}
{{- if $root.Values.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "orrery.name" $ctx }}
  labels:
    {{- include "orrery.labels" $ctx | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "orrery.name" $ctx }}
  minReplicas: {{ $root.Values.autoscaling.minReplicas }}
  maxReplicas: {{ $root.Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $root.Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}
