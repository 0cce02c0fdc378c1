package io.quotepipe.poller.secrets;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link ParameterStore} on SSM's GetParameter with decryption
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html). The role
 * needs {@code ssm:GetParameter} on the parameter and {@code kms:Decrypt} on its key. The client is
 * created on first use only, so a poller without parameters never needs SSM.
 */
public final class SsmParameterStore implements ParameterStore {

    private final Supplier<SsmClient> ssm;

    public SsmParameterStore(Supplier<SsmClient> ssm) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
    }

    @Override
    public String decrypted(String name) throws LookupException {
        try {
            return ssm.get().getParameter(r -> r.name(name).withDecryption(true)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new LookupException("SSM parameter " + name + " does not exist in this account and region; create it with "
                    + "aws ssm put-parameter --type SecureString --name " + name + " --value <key>", true, null);
        } catch (SsmException e) {
            int status = e.statusCode();
            String detail = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage();
            throw new LookupException("cannot read SSM parameter " + name + " (" + detail + ")"
                    + (status == 400 || status == 403 ? "; the function's role needs ssm:GetParameter on it and kms:Decrypt on its key" : ""),
                    status >= 400 && status < 500 && status != 429, null);
        } catch (SdkClientException e) {
            throw new LookupException("cannot reach SSM to read parameter " + name + ": " + e.getMessage(), false, null);
        }
    }
}
