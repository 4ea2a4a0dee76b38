/**
 * The report's Japanese display conventions (和暦 fiscal years, dates), shared with the renderers rather
 * than written twice. The one place the web app imports them from.
 */
export { dateLong, dateTimeLong, fyLong, fyRangeLong, fyShort } from '../../reports/format/wareki';
