/** How s-client and s-server print certificate names and verification results, as openssl does. */
import {
  type X509,
  X509_get_issuer_name,
  X509_get_subject_name,
  X509_NAME_oneline,
  X509_verify_cert_error_string,
} from '@strata/openssl/node';

/** `/O=Org/CN=name` → `O = Org, CN = name` (what `openssl s_client` prints). */
export function opensslName(oneline: string): string {
  return oneline
    .split('/')
    .filter((p) => p.length > 0)
    .map((p) => p.replace('=', ' = '))
    .join(', ');
}

/** The certificate's subject as openssl prints it: `CN = localhost`. */
export function subjectName(x: X509): string {
  return opensslName(X509_NAME_oneline(X509_get_subject_name(x)));
}

/** The certificate's issuer as openssl prints it: `CN = Strata Apps Test CA`. */
export function issuerName(x: X509): string {
  return opensslName(X509_NAME_oneline(X509_get_issuer_name(x)));
}

/** A verify result as in openssl's `Verify return code: 0 (ok)`: the code and its text. */
export function verifyReturnCode(code: number): string {
  return `${code} (${X509_verify_cert_error_string(code)})`;
}
