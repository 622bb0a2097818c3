// The payments service's own metrics (declared in the platform's name registry), on its registry.
import { counterOf, gaugeOf, histogramOf, type LabelsOf, PAYMENT_METRICS } from '@orrery/platform/metrics';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface PaymentMetrics {
  readonly breakerState: Gauge<LabelsOf<typeof PAYMENT_METRICS.providerBreakerState>>;
  readonly breakerTransitions: Counter<LabelsOf<typeof PAYMENT_METRICS.providerBreakerTransitions>>;
  readonly retries: Counter<LabelsOf<typeof PAYMENT_METRICS.providerRetries>>;
  readonly callDuration: Histogram<LabelsOf<typeof PAYMENT_METRICS.providerCallDuration>>;
  readonly charges: Counter<LabelsOf<typeof PAYMENT_METRICS.charges>>;
  readonly eventsIgnored: Counter<LabelsOf<typeof PAYMENT_METRICS.eventsIgnored>>;
}

export function createPaymentMetrics(registry: Registry): PaymentMetrics {
  return {
    breakerState: gaugeOf(registry, PAYMENT_METRICS.providerBreakerState),
    breakerTransitions: counterOf(registry, PAYMENT_METRICS.providerBreakerTransitions),
    retries: counterOf(registry, PAYMENT_METRICS.providerRetries),
    callDuration: histogramOf(registry, PAYMENT_METRICS.providerCallDuration),
    charges: counterOf(registry, PAYMENT_METRICS.charges),
    eventsIgnored: counterOf(registry, PAYMENT_METRICS.eventsIgnored),
  };
}
