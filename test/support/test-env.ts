// Names of the environment variables through which the global setup tells
// each test worker where the server and the migrated template are.
export const SERVER_ENV = 'HUB_TEST_SERVER_URL';
export const TEMPLATE_ENV = 'HUB_TEST_TEMPLATE_DB';

export function templateNameFor(pid: number): string {
  return `hub_test_template_${pid}`;
}
