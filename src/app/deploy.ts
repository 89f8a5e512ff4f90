import raw from '../../deploy.config.json';
import { parseDeployConfig, remoteAllowed } from '../core/deploy.ts';
import { i18n } from './i18n.svelte.ts';

const { remoteParquetHosts } = parseDeployConfig(raw);

/**
 * Why the page will not read `url` (null: it may), as the parameters of the message
 * `url_not_allowed`: the page's policy allows requests to its own origin and the hosts of
 * deploy.config.json only, so anything else is refused before asking.
 */
export function urlRefusal(url: URL): { origin: string; allowed: string } | null {
  if (remoteAllowed(url, location.origin, remoteParquetHosts)) return null;
  const sep = i18n.lang === 'zh' ? '、' : ', ';
  return {
    origin: url.origin !== 'null' ? url.origin : url.protocol,
    allowed: [location.origin, ...remoteParquetHosts].join(sep),
  };
}
