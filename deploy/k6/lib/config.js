// Shared k6 settings: where the gateway is and how long to wait for a response.
export const baseUrl = (__ENV.ORRERY_BASE_URL || 'http://localhost:8080').replace(/\/$/, '');
export const requestTimeout = '5s';
