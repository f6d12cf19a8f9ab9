package dev.jobqueue.docs.exchange;

import dev.jobqueue.JobOptions;
import dev.jobqueue.exchange.JobExchange;

// tag::interface[]
/**
 * Sends e-mails through the {@code mail} queue.
 */
@JobExchange(queue = "mail", kind = "email")
public interface Mailer {

	/**
	 * Enqueues an e-mail: the payload is {@code {"kind":"email","to":...,"subject":...}}.
	 * @param email the e-mail
	 * @return the job id
	 */
	String send(Email email);

	/**
	 * Enqueues an e-mail with options, for example a delay.
	 * @param email the e-mail
	 * @param options the job's options
	 * @return the job id
	 */
	String send(Email email, JobOptions options);

	/**
	 * Enqueues a reminder: several arguments become the fields
	 * {@code {"kind":"reminder","to":...,"days":...}}.
	 * @param to the address
	 * @param days days left
	 */
	@JobExchange(kind = "reminder")
	void remind(String to, int days);

	/**
	 * An e-mail.
	 *
	 * @param to the address
	 * @param subject the subject
	 */
	record Email(String to, String subject) {
	}

}
// end::interface[]
